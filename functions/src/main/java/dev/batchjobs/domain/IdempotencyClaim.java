package dev.batchjobs.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * "This account's key K, in this mode, created job J from a request with fingerprint F", valid until expiresAt.
 * The same key in the other mode is another key.
 */
public record IdempotencyClaim(AccountScope scope, String key, String fingerprint, String jobId, Instant expiresAt) {
    public IdempotencyClaim {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
