package dev.batchjobs.domain.chunks;

/**
 * One failed row as a worker saw it: its 0-based index in the input, its id (null when the row had none
 * that could be read), and why it failed, in words.
 */
public record RowFailure(long rowIndex, String rowId, String reason) {
    /** Reasons are kept short: the results file has the whole response. */
    public static final int MAX_REASON_LENGTH = 1000;

    public RowFailure {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A failure needs a reason");
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            reason = reason.substring(0, MAX_REASON_LENGTH - 3) + "...";
        }
    }
}
