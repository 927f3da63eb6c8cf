package dev.batchjobs.domain.events;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress {@code updated} events, at most one per job every {@code minInterval}: checked first here (so a
 * busy worker does not read the job on every checkpoint), then atomically by the store (so several workers
 * or invocations never emit two within the interval). One instance serves one worker invocation or one validation.
 */
public final class ProgressEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressEvents.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private final JobProgress jobs;
    private final Clock clock;
    private final Duration minInterval;
    private Instant lastAttempt;

    public ProgressEvents(JobProgress jobs, Clock clock, Duration minInterval) {
        this.jobs = jobs;
        this.clock = clock;
        this.minInterval = minInterval;
    }

    /**
     * Emits a progress event for the job if one is due; returns whether it did. A failure is logged, not
     * thrown: progress events are a courtesy, the work they report is already committed, and the next one
     * (or the status change) carries newer counts.
     */
    public synchronized boolean progressed(String accountId, String jobId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(minInterval))) {
            return false;
        }
        lastAttempt = now;
        try {
            Optional<BatchJob> job =
                    jobs.find(accountId, jobId).filter(j -> !j.status().isTerminal());
            return job.isPresent()
                    && jobs.recordProgressEvent(job.get(), LifecycleEvents.progress(job.get(), now), minInterval);
        } catch (RuntimeException e) {
            LOG.warn("A progress event for {} was not recorded: {}", jobId, e.toString());
            return false;
        }
    }
}
