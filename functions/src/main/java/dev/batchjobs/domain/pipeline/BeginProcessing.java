package dev.batchjobs.domain.pipeline;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobConflictException;
import dev.batchjobs.domain.JobProgress;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.JobWrites;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The first step after an upload: moves the job {@code ready_for_upload → validating}, or straight to
 * {@code in_progress} with {@code skip_validation}, by a conditional write. Whoever loses that write (a
 * duplicate event, a cancel, the upload-timeout sweep) changes nothing, so a late or repeated upload event
 * never restarts a job.
 */
public final class BeginProcessing {
    private final JobWrites jobs;
    private final JobProgress progress;
    private final Clock clock;
    private final Duration processingTimeout;
    /** Past the state machine's own deadline, the sweeper's backstop takes over a job still running. */
    static final Duration BACKSTOP_GRACE = Duration.ofMinutes(10);

    public BeginProcessing(JobWrites jobs, JobProgress progress, Clock clock, Duration processingTimeout) {
        this.jobs = jobs;
        this.progress = progress;
        this.clock = clock;
        this.processingTimeout = processingTimeout;
    }

    public BeginResult begin(String key, long size) {
        Optional<UploadedInput> input = UploadedInput.fromKey(key, size);
        if (input.isEmpty()) {
            return BeginResult.ignored(null, null, "not an input key: " + key);
        }
        String jobId = input.get().jobId();
        String accountId = input.get().accountId();
        Optional<BatchJob> found = jobs.find(accountId, jobId);
        if (found.isEmpty()) {
            return BeginResult.ignored(jobId, accountId, "no such job");
        }
        BatchJob job = found.get();
        if (job.status() != JobStatus.READY_FOR_UPLOAD) {
            return BeginResult.ignored(jobId, accountId, "job is " + job.status());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            jobs.update(job, job.begin(now));
        } catch (JobConflictException lost) {
            return BeginResult.ignored(
                    jobId, accountId, "job moved to " + lost.current().status() + " first");
        }
        progress.recordProcessingDeadline(jobId, now.plus(processingTimeout).plus(BACKSTOP_GRACE));
        return new BeginResult(
                true, jobId, accountId, job.spec().skipValidation(), processingTimeout.toSeconds(), null);
    }
}
