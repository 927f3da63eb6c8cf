package dev.batchjobs.domain.pipeline;

import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.chunks.ChunkQueue;
import dev.batchjobs.domain.chunks.ChunkStore;
import dev.batchjobs.domain.chunks.TaskSignal;

/**
 * Sends a job's chunks to the workers: records how many there are and the token the state machine waits
 * on, then queues one message per chunk. Retrying the step is harmless: the messages' deduplication ids
 * repeat, and the record is the same. A job with no chunks (an empty file under skip_validation) is done
 * at once.
 */
public final class DispatchChunks {
    private final ChunkStore chunks;
    private final ChunkQueue queue;
    private final TaskSignal signal;

    public DispatchChunks(ChunkStore chunks, ChunkQueue queue, TaskSignal signal) {
        this.chunks = chunks;
        this.queue = queue;
        this.signal = signal;
    }

    public void dispatch(String accountId, String jobId, int chunkCount, String taskToken) {
        chunks.recordDispatch(jobId, chunkCount, taskToken);
        if (chunkCount == 0) {
            signal.succeed(taskToken);
            return;
        }
        for (int chunk = 0; chunk < chunkCount; chunk++) {
            queue.send(new ChunkMessage(accountId, jobId, chunk), jobId + ":" + chunk + ":0");
        }
    }
}
