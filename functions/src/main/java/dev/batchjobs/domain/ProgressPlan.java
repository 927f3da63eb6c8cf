package dev.batchjobs.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Beyond the reference: what a client can plan with while a job runs (or is paused or cancelling): the rows in its
 * file, the rows ended per second over the last minute, and when it will be done at that rate.
 *
 * @param totalCount rows in the file, or -1 until validation or planning knows it
 * @param estimatedCompletionAt null when the job is not moving towards completion (paused, cancelling, no rate yet) or
 *     its total is not known
 */
public record ProgressPlan(long totalCount, double rowsPerSecond, Instant estimatedCompletionAt) {

    /** The plan of a job at {@code now}; empty for a job that is not in progress, paused or cancelling. */
    public static Optional<ProgressPlan> of(BatchJob job, Instant now) {
        JobStatus status = job.status();
        if (status != JobStatus.IN_PROGRESS && status != JobStatus.PAUSED && status != JobStatus.CANCELLING) {
            return Optional.empty();
        }
        JobCounts counts = job.counts();
        // A job that started or resumed less than a minute ago is measured since then, not as slow.
        Instant runningSince = status == JobStatus.IN_PROGRESS ? job.stage().updated() : null;
        double rate = counts.recent().rowsPerSecond(now, runningSince);
        Instant done = status == JobStatus.IN_PROGRESS && counts.totalRows() >= 0
                ? RateWindow.completion(now, Math.max(0, counts.totalRows() - counts.processed()), rate)
                        .orElse(null)
                : null;
        return Optional.of(new ProgressPlan(counts.totalRows(), rate, done));
    }

    /** The rate as a decimal string with two places, e.g. {@code "9.75"}. */
    public String rowsPerSecondText() {
        return String.format(Locale.ROOT, "%.2f", rowsPerSecond);
    }
}
