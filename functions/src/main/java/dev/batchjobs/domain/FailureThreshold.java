package dev.batchjobs.domain;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Beyond the reference: a canary for a job, set on create. Once at least {@code minimumRows} rows have ended (since
 * the job last resumed) and more than {@code percent} percent of them failed, the job pauses (reason {@code
 * failure_threshold}) or ends {@code batch_failed}, whichever {@code action} says.
 */
public record FailureThreshold(int percent, long minimumRows, Action action) {
    public static final int MAX_PERCENT = 99;
    public static final long DEFAULT_MINIMUM_ROWS = 100;
    /** The pause reason a tripped threshold gives. */
    public static final String PAUSE_REASON = "failure_threshold";

    /** What a tripped threshold does. */
    public enum Action {
        PAUSE("pause"),
        FAIL("fail");

        private final String wireName;

        Action(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Optional<Action> fromWireName(String value) {
            return Arrays.stream(values()).filter(a -> a.wireName.equals(value)).findFirst();
        }
    }

    public FailureThreshold {
        Objects.requireNonNull(action, "action");
        if (percent < 0 || percent > MAX_PERCENT || minimumRows < 1) {
            throw new IllegalArgumentException("Not a failure threshold: " + percent + "% of " + minimumRows);
        }
    }

    /** Whether {@code failed} of {@code ended} rows trips the threshold: enough rows, and a share above the percent. */
    public boolean trippedBy(long ended, long failed) {
        return ended >= minimumRows && failed * 100 > (long) percent * ended;
    }

    /** What a batch_failed job says when this threshold ended it. */
    public String failureReason(long ended, long failed) {
        return "The failure threshold was passed: " + failed + " of " + ended + " rows failed, more than " + percent
                + "% (failure_threshold.minimum_rows " + minimumRows + "); see the failures and the results so far.";
    }

    /** A canonical text, for the create request's fingerprint. */
    public String fingerprint() {
        return percent + "/" + minimumRows + "/" + action.wireName();
    }
}
