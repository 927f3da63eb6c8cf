package dev.batchjobs.aws;

import dev.batchjobs.domain.AccountScope;

/**
 * The value that every table's {@code account_id} attribute holds, and that every key and index built from an
 * account starts with: the account id in test mode, {@code {account}#live} in live mode. So one mode's jobs,
 * idempotency claims, counters, events and destinations are other partitions than the other mode's, and a query
 * or a key formed for one mode cannot reach the other's items. An account id never holds {@code #}, so no
 * account's test scope is another's live scope. Items written before modes had scopes carry the plain account id:
 * they read as test items, which is what they were unless a live key wrote them (then {@link #matches} still
 * keeps them from test callers, by their {@code livemode} attribute).
 */
final class ScopeKeys {
    private static final String LIVE_SUFFIX = "#live";

    private ScopeKeys() {}

    static String of(AccountScope scope) {
        return of(scope.accountId(), scope.livemode());
    }

    static String of(String accountId, boolean livemode) {
        return livemode ? accountId + LIVE_SUFFIX : accountId;
    }

    /** The account id of a stored {@code account_id} value. */
    static String accountOf(String stored) {
        return stored.endsWith(LIVE_SUFFIX) ? stored.substring(0, stored.length() - LIVE_SUFFIX.length()) : stored;
    }

    /** Whether a stored item (its {@code account_id} value and {@code livemode}) is in the scope. */
    static boolean matches(AccountScope scope, String stored, boolean livemode) {
        return scope.accountId().equals(accountOf(stored)) && scope.livemode() == livemode;
    }
}
