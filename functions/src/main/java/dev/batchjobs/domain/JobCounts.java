package dev.batchjobs.domain;

import java.util.Objects;

/**
 * Progress counters. {@code totalRows} is -1 until validation or planning knows it; {@code recent} is what the
 * workers ended in the last minute.
 */
public record JobCounts(long validated, long succeeded, long failed, long totalRows, RateWindow recent) {
    public static final JobCounts ZERO = new JobCounts(0, 0, 0, -1);

    /** Counters with no recent rate. */
    public JobCounts(long validated, long succeeded, long failed, long totalRows) {
        this(validated, succeeded, failed, totalRows, RateWindow.EMPTY);
    }

    public JobCounts {
        Objects.requireNonNull(recent, "recent");
        if (validated < 0 || succeeded < 0 || failed < 0 || totalRows < -1) {
            throw new IllegalArgumentException(
                    "Counts cannot be negative: " + validated + "/" + succeeded + "/" + failed);
        }
    }

    public long processed() {
        return succeeded + failed;
    }
}
