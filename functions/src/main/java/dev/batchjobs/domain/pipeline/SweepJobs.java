package dev.batchjobs.domain.pipeline;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobConflictException;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.chunks.ChunkStore;
import dev.batchjobs.domain.events.EventOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The scheduled backstop. A job never uploaded before its upload URL expired ends {@code upload_timeout}:
 * the move is a conditional write, so an upload that lands at the same moment wins or loses cleanly, and an
 * upload after the move changes nothing (the begin step ignores jobs that are not ready for upload). A job
 * still running well past its processing deadline (its execution died, or a task token was lost) ends
 * {@code timeout} with the results its chunks committed. Events still unpublished a while after their change
 * committed (the writer died before publishing them) are published: the outbox's slow path.
 */
public final class SweepJobs {
    /** How many jobs one sweep handles; the next tick takes the rest. */
    static final int BATCH = 100;
    /** An event younger than this may still be on its way through the fast path. */
    static final Duration OUTBOX_GRACE = Duration.ofSeconds(30);

    private final JobStore jobs;
    private final ChunkStore chunks;
    private final FinishJob finish;
    private final EventOutbox outbox;
    private final Clock clock;

    public SweepJobs(JobStore jobs, ChunkStore chunks, FinishJob finish, EventOutbox outbox, Clock clock) {
        this.jobs = jobs;
        this.chunks = chunks;
        this.finish = finish;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** What one sweep did. */
    public record SweepReport(int uploadTimeouts, int lostRaces, int stuckJobsEnded, int eventsRepublished) {}

    public SweepReport sweep() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<BatchJob> due = jobs.awaitingUploadPast(now, BATCH);
        int timedOut = 0;
        int lost = 0;
        for (BatchJob job : due) {
            try {
                jobs.update(job, job.moveTo(JobStatus.UPLOAD_TIMEOUT, now));
                timedOut++;
            } catch (JobConflictException raced) {
                lost++;
            }
        }
        int stuck = 0;
        for (BatchJob job : jobs.runningPast(now, BATCH)) {
            int chunkCount = chunks.dispatchedChunks(job.id()).orElse(0);
            finish.finish(job.accountId(), job.id(), chunkCount, FinishJob.Ending.DEADLINE_PASSED);
            // Long past the deadline nothing is draining any more: the results can be merged at once.
            finish.finish(job.accountId(), job.id(), chunkCount, FinishJob.Ending.RESULTS_AFTER_TIMEOUT);
            stuck++;
        }
        // Last, so that the events of this sweep's own moves are published by now (or left to the next sweep).
        int republished = outbox.republishStale(clock.instant(), OUTBOX_GRACE, BATCH * 10);
        return new SweepReport(timedOut, lost, stuck, republished);
    }
}
