package dev.batchjobs.domain.chunks;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobProgress;
import dev.batchjobs.domain.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The job's status and {@code maximum_rps}, read again at most once a second on {@code reads}: with a thread of its
 * own the pacing loop never waits for the read (it goes on with what it last knew until the answer is in), and with a
 * direct executor the answer is in before {@link #stopped()} returns.
 */
final class StatusWatch {
    /** How often the job is read again. */
    private static final Duration EVERY = Duration.ofSeconds(1);

    private final JobProgress jobs;
    private final Clock clock;
    private final Executor reads;
    private final String accountId;
    private final String jobId;
    private Instant checkedAt = Instant.MIN;
    private CompletableFuture<Optional<BatchJob>> reading;
    private boolean stopped;
    private boolean paused;
    private int maximumRps;

    StatusWatch(JobProgress jobs, Clock clock, Executor reads, String accountId, String jobId, int maximumRps) {
        this.jobs = jobs;
        this.clock = clock;
        this.reads = reads;
        this.accountId = accountId;
        this.jobId = jobId;
        this.maximumRps = maximumRps;
    }

    /** Whether the job, as last read, is no longer in progress; starts the next read when one is due. */
    boolean stopped() {
        takeAnswer();
        if (!stopped && reading == null) {
            Instant now = clock.instant();
            if (!now.isBefore(checkedAt.plus(EVERY))) {
                checkedAt = now;
                reading = CompletableFuture.supplyAsync(() -> jobs.find(accountId, jobId), reads);
                takeAnswer();
            }
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

    /** Applies the read in flight once it has answered; a read that failed fails the run, as a read in line would. */
    private void takeAnswer() {
        CompletableFuture<Optional<BatchJob>> pending = reading;
        if (pending == null || !pending.isDone()) {
            return;
        }
        reading = null;
        Optional<BatchJob> job;
        try {
            job = pending.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
        job.ifPresent(j -> maximumRps = j.spec().maximumRps());
        stopped = job.map(j -> j.status() != JobStatus.IN_PROGRESS).orElse(true);
        paused = job.map(j -> j.status() == JobStatus.PAUSED).orElse(false);
    }
}
