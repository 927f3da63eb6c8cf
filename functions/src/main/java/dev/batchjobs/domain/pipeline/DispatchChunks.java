package dev.batchjobs.domain.pipeline;

import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.chunks.ChunkQueue;
import dev.batchjobs.domain.chunks.ChunkStore;
import dev.batchjobs.domain.chunks.ProcessChunkMessage;
import dev.batchjobs.domain.chunks.TaskSignal;

/**
 * Sends a job's chunks to the workers: records how many there are and the token the state machine waits
 * on, then queues the first chunk's message; each worker queues the next chunk's when it finishes its own
 * ({@link ProcessChunkMessage}), so the step takes the same time for 1 chunk or 40,000 and a job never holds more
 * than one message of the queue. Retrying the step is harmless: the message's deduplication id repeats, and the
 * record is the same. A job with no chunks (an empty file under skip_validation) is done at once.
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
        queue.send(new ChunkMessage(accountId, jobId, 0), ProcessChunkMessage.firstMessageId(jobId, 0));
    }
}
