package dev.batchjobs.domain;

import java.time.Instant;
import java.util.Objects;

/** "This account's key K created job J from a request with fingerprint F", valid until expiresAt. */
public record IdempotencyClaim(String accountId, String key, String fingerprint, String jobId, Instant expiresAt) {
    public IdempotencyClaim {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
