package dev.batchjobs.domain.pipeline;

import dev.batchjobs.domain.JobReads;
import dev.batchjobs.domain.chunks.ChunkLane;
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
 *
 * <p>The job's lane is chosen here, once: a job whose maximum_rps is at most the small lane's ceiling runs on the small
 * worker's queue, any other on the standard one; the lane is recorded with the dispatch (a retried dispatch keeps the
 * first) and carried by every message after, so the job's messages are all in one queue.
 */
public final class DispatchChunks {
    private final JobReads jobs;
    private final ChunkStore chunks;
    private final ChunkQueue queue;
    private final TaskSignal signal;
    private final int smallLaneMaxRps;

    /** Every job on the standard lane. */
    public DispatchChunks(ChunkStore chunks, ChunkQueue queue, TaskSignal signal) {
        this(null, chunks, queue, signal, 0);
    }

    /**
     * @param jobs where the job's maximum_rps is read (only with a small lane)
     * @param smallLaneMaxRps the fastest job the small lane takes; 0: every job on the standard lane */
    public DispatchChunks(JobReads jobs, ChunkStore chunks, ChunkQueue queue, TaskSignal signal, int smallLaneMaxRps) {
        this.jobs = jobs;
        this.chunks = chunks;
        this.queue = queue;
        this.signal = signal;
        this.smallLaneMaxRps = smallLaneMaxRps;
    }

    public void dispatch(String accountId, String jobId, int chunkCount, String taskToken) {
        ChunkLane lane = chunks.dispatchedChunks(jobId).isPresent()
                ? chunks.dispatchedLane(jobId)
                : smallLaneMaxRps <= 0
                        ? ChunkLane.STANDARD
                        : jobs.find(accountId, jobId)
                                .map(job -> ChunkLane.forRate(job.spec().maximumRps(), smallLaneMaxRps))
                                .orElse(ChunkLane.STANDARD);
        chunks.recordDispatch(jobId, chunkCount, taskToken, lane);
        if (chunkCount == 0) {
            signal.succeed(taskToken);
            return;
        }
        queue.send(new ChunkMessage(accountId, jobId, 0, lane), ProcessChunkMessage.firstMessageId(jobId, 0));
    }
}
