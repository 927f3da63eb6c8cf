package dev.batchjobs.domain;

import java.util.Objects;

/**
 * Progress counters. {@code totalRows} is -1 until validation or planning knows it; {@code pace} is what the worker
 * last recorded of its rate; {@code recent} is what the workers ended in the last minute.
 */
public record JobCounts(long validated, long succeeded, long failed, long totalRows, JobPace pace, RateWindow recent) {
    public static final JobCounts ZERO = new JobCounts(0, 0, 0, -1);

    public JobCounts {
        if (validated < 0 || succeeded < 0 || failed < 0 || totalRows < -1) {
            throw new IllegalArgumentException(
                    "Counts cannot be negative: " + validated + "/" + succeeded + "/" + failed);
        }
        Objects.requireNonNull(pace, "pace");
        Objects.requireNonNull(recent, "recent");
    }

    /** Counts of a job whose worker has recorded no pace yet. */
    public JobCounts(long validated, long succeeded, long failed, long totalRows) {
        this(validated, succeeded, failed, totalRows, JobPace.UNKNOWN, RateWindow.EMPTY);
    }

    /** Counts with a recorded pace and no recent rate. */
    public JobCounts(long validated, long succeeded, long failed, long totalRows, JobPace pace) {
        this(validated, succeeded, failed, totalRows, pace, RateWindow.EMPTY);
    }

    /** Counts with a recent rate and no recorded pace. */
    public JobCounts(long validated, long succeeded, long failed, long totalRows, RateWindow recent) {
        this(validated, succeeded, failed, totalRows, JobPace.UNKNOWN, recent);
    }

    public long processed() {
        return succeeded + failed;
    }

    public JobCounts withPace(JobPace newPace) {
        return new JobCounts(validated, succeeded, failed, totalRows, newPace, recent);
    }
}
