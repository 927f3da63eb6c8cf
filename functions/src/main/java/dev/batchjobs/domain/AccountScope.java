package dev.batchjobs.domain;

import java.util.Objects;

/**
 * One account in one mode: the world a caller sees. As in Stripe, an account's test mode and live mode share
 * nothing: every job, idempotency key, event and event destination belongs to exactly one scope, and every read
 * through the API names the scope it reads.
 */
public record AccountScope(String accountId, boolean livemode) {
    public AccountScope {
        Objects.requireNonNull(accountId, "accountId");
    }

    public static AccountScope test(String accountId) {
        return new AccountScope(accountId, false);
    }

    public static AccountScope live(String accountId) {
        return new AccountScope(accountId, true);
    }
}
