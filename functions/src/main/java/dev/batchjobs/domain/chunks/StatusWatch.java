package dev.batchjobs.domain.chunks;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobProgress;
import dev.batchjobs.domain.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The job's status and {@code maximum_rps}, read again at most once a second. */
final class StatusWatch {
    /** How often the job is read again. */
    private static final Duration EVERY = Duration.ofSeconds(1);

    private final JobProgress jobs;
    private final Clock clock;
    private final String accountId;
    private final String jobId;
    private Instant checkedAt = Instant.MIN;
    private boolean stopped;
    private boolean paused;
    private int maximumRps;

    StatusWatch(JobProgress jobs, Clock clock, String accountId, String jobId, int maximumRps) {
        this.jobs = jobs;
        this.clock = clock;
        this.accountId = accountId;
        this.jobId = jobId;
        this.maximumRps = maximumRps;
    }

    boolean stopped() {
        Instant now = clock.instant();
        if (!stopped && !now.isBefore(checkedAt.plus(EVERY))) {
            checkedAt = now;
            Optional<BatchJob> job = jobs.find(accountId, jobId);
            job.ifPresent(j -> maximumRps = j.spec().maximumRps());
            stopped = job.map(j -> j.status() != JobStatus.IN_PROGRESS).orElse(true);
            paused = job.map(j -> j.status() == JobStatus.PAUSED).orElse(false);
        }
        return stopped;
    }

    /** Whether the status that stopped the run is {@code paused}. */
    boolean paused() {
        return stopped && paused;
    }

    int maximumRps() {
        return maximumRps;
    }
}
