package dev.batchjobs.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored API key: only the SHA-256 of the secret is kept, and its last four characters ({@code last4}, so that an
 * operator's listing can tell keys apart; null for keys stored before it was kept). Keys are 256-bit random strings,
 * so a fast hash is enough; no password-style stretching is needed.
 */
public record ApiKeyRecord(
        String keyHash,
        String keyId,
        String accountId,
        boolean livemode,
        String ownerId,
        Instant created,
        Instant revokedAt,
        String last4) {
    public ApiKeyRecord(
            String keyHash,
            String keyId,
            String accountId,
            boolean livemode,
            String ownerId,
            Instant created,
            Instant revokedAt) {
        this(keyHash, keyId, accountId, livemode, ownerId, created, revokedAt, null);
    }

    public ApiKeyRecord {
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(created, "created");
    }

    /** How an operator sees the key without its secret: {@code sk_test_…a1b2}. */
    public String hint() {
        return (livemode ? ApiKeyService.LIVE_PREFIX : ApiKeyService.TEST_PREFIX) + "…" + (last4 == null ? "" : last4);
    }

    public boolean isActive() {
        return revokedAt == null;
    }
}
