package dev.batchjobs.domain;

import java.util.Objects;

/**
 * Progress counters. {@code totalRows} is -1 until validation or planning knows it; {@code pace} is what the worker
 * last recorded of its rate.
 */
public record JobCounts(long validated, long succeeded, long failed, long totalRows, JobPace pace) {
    public static final JobCounts ZERO = new JobCounts(0, 0, 0, -1);

    public JobCounts {
        if (validated < 0 || succeeded < 0 || failed < 0 || totalRows < -1) {
            throw new IllegalArgumentException(
                    "Counts cannot be negative: " + validated + "/" + succeeded + "/" + failed);
        }
        Objects.requireNonNull(pace, "pace");
    }

    /** Counts of a job whose worker has recorded no pace yet. */
    public JobCounts(long validated, long succeeded, long failed, long totalRows) {
        this(validated, succeeded, failed, totalRows, JobPace.UNKNOWN);
    }

    public long processed() {
        return succeeded + failed;
    }

    public JobCounts withPace(JobPace newPace) {
        return new JobCounts(validated, succeeded, failed, totalRows, newPace);
    }
}
