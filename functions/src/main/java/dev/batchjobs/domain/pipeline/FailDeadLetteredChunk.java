package dev.batchjobs.domain.pipeline;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.chunks.ChunkStore;
import dev.batchjobs.domain.chunks.TaskSignal;
import java.util.Optional;

/**
 * A chunk that failed on every delivery and was set aside in the chunk dead-letter queue can never finish its job:
 * the job ends {@code batch_failed} at once, saying which chunk, instead of waiting for its processing deadline.
 * The chunk is then settled like any halted one and the state machine is told at once: the job's chunks run one
 * after another, each sent by the worker that finished the one before, so nothing else of the job is queued. Both steps are idempotent: a second delivery of the same message
 * changes nothing.
 */
public final class FailDeadLetteredChunk {
    private final FinishJob finish;
    private final ChunkStore chunks;
    private final TaskSignal signal;

    public FailDeadLetteredChunk(FinishJob finish, ChunkStore chunks, TaskSignal signal) {
        this.finish = finish;
        this.chunks = chunks;
        this.signal = signal;
    }

    /** The job as it ends (or had already ended), or empty when there is no such job. */
    public Optional<BatchJob> fail(ChunkMessage message) {
        Optional<BatchJob> job = finish.fail(
                message.accountId(),
                message.jobId(),
                "Chunk " + message.chunk()
                        + " of the batch job failed on every delivery and was set aside, so the job cannot finish. "
                        + "Create a new batch job to retry.");
        chunks.settle(message.jobId(), message.chunk());
        chunks.taskToken(message.jobId()).ifPresent(signal::succeed);
        return job;
    }
}
