package dev.batchjobs.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored API key: only the SHA-256 of the secret is kept. Keys are 256-bit random strings, so a
 * fast hash is enough; no password-style stretching is needed.
 */
public record ApiKeyRecord(
        String keyHash,
        String keyId,
        String accountId,
        boolean livemode,
        String ownerId,
        Instant created,
        Instant revokedAt) {
    public ApiKeyRecord {
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(created, "created");
    }

    public boolean isActive() {
        return revokedAt == null;
    }
}
