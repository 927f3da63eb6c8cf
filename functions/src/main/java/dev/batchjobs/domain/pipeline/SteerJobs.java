package dev.batchjobs.domain.pipeline;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.JobConflictException;
import dev.batchjobs.domain.JobNotFoundException;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.JobWrites;
import dev.batchjobs.domain.chunks.ChunkLane;
import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.chunks.ChunkQueue;
import dev.batchjobs.domain.chunks.ChunkStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;

/**
 * Steering a running job (beyond the reference): pause, resume, and cancel (which must also wake a paused job). A pause is one conditional write: the workers see
 * it within about a second, let their requests in flight finish, checkpoint, and drop their chunk messages without
 * settling the chunks. A resume is the write back to {@code in_progress} followed by one message for the first dispatched
 * chunk with rows left, which carries on from its checkpoint and queues the next when done: nothing that finished is sent again (a chunk's done
 * rows are skipped) and nothing is skipped. A message left over from before the pause only runs the chunk again from
 * the same checkpoint, one at a time in the job's FIFO group, so no row is counted twice. Cancelling a paused job
 * queues that one message the same way: its worker finds the job cancelled, settles the chunk and tells the state
 * machine, which ends the job {@code canceled}.
 *
 * <p>The processing deadline keeps counting while a job is paused: a paused job still ends {@code timeout} at its
 * deadline, so a forgotten pause never leaves a job hanging.
 */
public final class SteerJobs {
    /** The pause reason of a caller's pause. */
    public static final String REQUESTED = "requested";

    private static final int MAX_CONFLICT_RETRIES = 5;

    private final JobWrites jobs;
    private final ChunkStore chunks;
    private final ChunkQueue queue;
    private final Clock clock;

    public SteerJobs(JobWrites jobs, ChunkStore chunks, ChunkQueue queue, Clock clock) {
        this.jobs = jobs;
        this.chunks = chunks;
        this.queue = queue;
        this.clock = clock;
    }

    /** The clock the steering runs on, which the API also measures a running job's progress against. */
    public Clock clock() {
        return clock;
    }

    /** Pauses a job in progress; pausing a paused job answers with it. */
    public BatchJob pause(Caller caller, String jobId) {
        return change(caller, jobId, job -> job.pause(REQUESTED, now()));
    }

    /** Resumes a paused job from where it stopped. */
    public BatchJob resume(Caller caller, String jobId) {
        return change(caller, jobId, job -> Optional.of(job.resume(now())));
    }

    /** Cancels a job, as {@code JobService.cancel} does, and wakes the chunks of a paused one so they settle. */
    public BatchJob cancel(Caller caller, String jobId) {
        return change(caller, jobId, job -> job.cancel(now()));
    }

    private BatchJob change(Caller caller, String jobId, Function<BatchJob, Optional<BatchJob>> verb) {
        BatchJob job = jobs.find(caller.scope(), jobId).orElseThrow(() -> new JobNotFoundException(jobId));
        for (int attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
            Optional<BatchJob> next = verb.apply(job);
            if (next.isEmpty()) {
                return job;
            }
            try {
                jobs.update(job, next.get());
            } catch (JobConflictException conflict) {
                job = conflict.current();
                continue;
            }
            if (job.status() == JobStatus.PAUSED) {
                requeue(next.get());
            }
            return next.get();
        }
        throw new IllegalStateException("Batch job " + jobId + " kept changing while being paused or resumed");
    }

    /**
     * One message for the first dispatched chunk with rows left, after the write that lets the workers run it: the
     * chunks run one after another, each worker queueing the next (see
     * {@code ProcessChunkMessage}), so the chain carries on from there. The deduplication id
     * names the transition, so a later resume's message is never taken for this one.
     */
    private void requeue(BatchJob job) {
        int dispatched = chunks.dispatchedChunks(job.id()).orElse(0);
        // The lane the dispatch chose: a job's messages are never in two queues.
        ChunkLane lane = chunks.dispatchedLane(job.id());
        for (int index = 0; index < dispatched; index++) {
            boolean rowsLeft =
                    chunks.find(job.id(), index).map(c -> !c.finished()).orElse(false);
            if (rowsLeft) {
                queue.send(
                        new ChunkMessage(job.accountId(), job.id(), index, lane),
                        job.id() + ":" + index + ":v" + job.version());
                return;
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
