package dev.batchjobs.domain;

/**
 * Progress counters. {@code totalRows} is -1 until validation or planning knows it.
 */
public record JobCounts(long validated, long succeeded, long failed, long totalRows) {
    public static final JobCounts ZERO = new JobCounts(0, 0, 0, -1);

    public JobCounts {
        if (validated < 0 || succeeded < 0 || failed < 0 || totalRows < -1) {
            throw new IllegalArgumentException(
                    "Counts cannot be negative: " + validated + "/" + succeeded + "/" + failed);
        }
    }

    public long processed() {
        return succeeded + failed;
    }
}
