package dev.batchjobs.domain.pipeline;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.JobConflictException;
import dev.batchjobs.domain.JobWrites;
import dev.batchjobs.domain.SweeperQueries;
import dev.batchjobs.domain.chunks.ChunkStore;
import dev.batchjobs.domain.events.EventOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled backstop. A job never uploaded before its upload URL expired ends {@code upload_timeout}; but
 * first the sweep looks for its input object: one that is there was uploaded in time (S3 refuses an expired URL)
 * and its upload event is late or lost, so the sweep starts the pipeline the way the event would have, and the job
 * is never lost. The move to {@code upload_timeout} is a conditional write, so an upload that lands at the same moment wins or loses cleanly, and an
 * upload after the move changes nothing (the begin step ignores jobs that are not ready for upload). A job
 * still running well past its processing deadline (its execution died, or a task token was lost) ends
 * {@code timeout} with the results its chunks committed. Events still unpublished a while after their change
 * committed (the writer died before publishing them) are published: the outbox's slow path. Each step, and each job
 * within one, stands alone: a job that fails every sweep is logged and retried, and holds up no other job or step.
 */
public final class SweepJobs {
    private static final Logger LOG = LoggerFactory.getLogger(SweepJobs.class);
    /** How many jobs one sweep handles; the next tick takes the rest. */
    static final int BATCH = 100;
    /** An event younger than this may still be on its way through the fast path. */
    static final Duration OUTBOX_GRACE = Duration.ofSeconds(30);

    private final JobWrites jobs;
    private final SweeperQueries overdue;
    private final ChunkStore chunks;
    private final FinishJob finish;
    private final EventOutbox outbox;
    private final InputStorage inputs;
    private final PipelineStarter pipeline;
    private final Clock clock;

    public SweepJobs(
            JobWrites jobs,
            SweeperQueries overdue,
            ChunkStore chunks,
            FinishJob finish,
            EventOutbox outbox,
            InputStorage inputs,
            PipelineStarter pipeline,
            Clock clock) {
        this.jobs = jobs;
        this.overdue = overdue;
        this.chunks = chunks;
        this.finish = finish;
        this.outbox = outbox;
        this.inputs = inputs;
        this.pipeline = pipeline;
        this.clock = clock;
    }

    /** What one sweep did. */
    public record SweepReport(
            int uploadTimeouts, int lostRaces, int stuckJobsEnded, int eventsRepublished, int lateUploadsStarted) {}

    public SweepReport sweep() {
        // First: repairing the outbox depends on nothing else going right. This sweep's own moves publish at once.
        int republished =
                step("republishing events", 0, () -> outbox.republishStale(clock.instant(), OUTBOX_GRACE, BATCH * 10));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int timedOut = 0;
        int lost = 0;
        int started = 0;
        for (BatchJob job :
                step("finding expired uploads", List.<BatchJob>of(), () -> overdue.awaitingUploadPast(now, BATCH))) {
            try {
                Optional<UploadedInput> uploaded = uploadedInput(job);
                if (uploaded.isPresent()) {
                    pipeline.start(uploaded.get());
                    started++;
                    continue;
                }
                jobs.update(job, job.expireUpload(now));
                timedOut++;
            } catch (JobConflictException raced) {
                lost++;
            } catch (RuntimeException e) {
                LOG.error("Ending {} upload_timeout failed; the next sweep tries again", job.id(), e);
            }
        }
        int stuck = 0;
        for (BatchJob job : step("finding stuck jobs", List.<BatchJob>of(), () -> overdue.runningPast(now, BATCH))) {
            try {
                int chunkCount = chunks.dispatchedChunks(job.id()).orElse(0);
                finish.finish(job.accountId(), job.id(), chunkCount, FinishJob.Ending.DEADLINE_PASSED);
                // Long past the deadline nothing is draining any more: the results can be merged at once.
                finish.finish(job.accountId(), job.id(), chunkCount, FinishJob.Ending.RESULTS_AFTER_TIMEOUT);
                stuck++;
            } catch (RuntimeException e) {
                LOG.error("Ending stuck job {} failed; the next sweep tries again", job.id(), e);
            }
        }
        return new SweepReport(timedOut, lost, stuck, republished, started);
    }

    /** The job's input object, if it is there: the upload happened, whatever became of its event. */
    private Optional<UploadedInput> uploadedInput(BatchJob job) {
        String key = job.upload().key();
        OptionalLong size = inputs.size(key);
        return size.isPresent() ? UploadedInput.fromKey(key, size.getAsLong()) : Optional.empty();
    }

    /** One step of the sweep; a failure is logged and the step's fallback stands in, so the other steps still run. */
    private static <T> T step(String what, T fallback, Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            LOG.error("Sweep step failed: {}; the next sweep tries again", what, e);
            return fallback;
        }
    }
}
