package dev.batchjobs.domain;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A retry request whose shape has been checked: which failed rows to send again, and at what rate (the parent's when
 * absent).
 */
public record RetryCommand(Only only, OptionalInt maximumRps) {
    /** Which failed rows a retry sends again. */
    public enum Only {
        /** Rows that failed with 429, a 5xx or no response at all: failures that may pass on another try. */
        RETRYABLE("retryable"),
        /** Every failed row. */
        ALL("all");

        private final String wireName;

        Only(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** Whether a row that failed with HTTP {@code status} is sent again. */
        public boolean takes(int status) {
            return this == ALL || status == 429 || status >= 500;
        }
    }

    public RetryCommand {
        Objects.requireNonNull(only, "only");
        Objects.requireNonNull(maximumRps, "maximumRps");
    }

    /** Two retries of one job mean the same thing exactly when their fingerprints are equal. */
    public String fingerprint(String parentId) {
        return Hashing.sha256Hex("retry|" + parentId + "|only=" + only.wireName() + "|rps="
                + (maximumRps.isPresent() ? Integer.toString(maximumRps.getAsInt()) : "parent"));
    }
}
