package dev.batchjobs.domain;

import java.util.Objects;

/**
 * Who is calling: the account an API key belongs to, whether it is a live key, and the key's owner
 * (a stable UUID, Meteroid's {@code created_by}).
 */
public record Caller(String accountId, boolean livemode, String keyId, String ownerId) {
    public Caller {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(ownerId, "ownerId");
    }

    /** The account and mode the caller's key sees: nothing of the other mode. */
    public AccountScope scope() {
        return new AccountScope(accountId, livemode);
    }
}
