package dev.batchjobs.domain.pipeline;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobConflictException;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.JobStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The scheduled backstop: a job never uploaded before its upload URL expired ends {@code upload_timeout}.
 * The move is a conditional write, so an upload that lands at the same moment wins or loses cleanly, and
 * an upload after the move changes nothing (the begin step ignores jobs that are not ready for upload).
 */
public final class SweepJobs {
    /** How many jobs one sweep handles; the next tick takes the rest. */
    static final int BATCH = 100;

    private final JobStore jobs;
    private final Clock clock;

    public SweepJobs(JobStore jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    /** What one sweep did. */
    public record SweepReport(int uploadTimeouts, int lostRaces) {}

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
        return new SweepReport(timedOut, lost);
    }
}
