package dev.batchjobs.aws;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Runs a DynamoDB transaction, and runs it again when DynamoDB cancelled it for a reason that says nothing about
 * the data: another transaction held one of its items ({@code TransactionConflict}) or a partition was throttled.
 * A cancelled transaction wrote nothing, so running it again is safe. A lost race (a failed condition) is never
 * retried: it is the caller's to report as the typed conflict it is. The Meteroid counters are touched by every
 * job transition of an account, which is what makes conflicts likely under load.
 */
final class Transactions {
    static final int ATTEMPTS = 6;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(25);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(800);
    private static final String NONE = "None";
    private static final Set<String> TRANSIENT =
            Set.of("TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded");

    /** How the backoff waits; a test passes one that records instead of sleeping. */
    @FunctionalInterface
    interface Backoff {
        void pause(Duration duration) throws InterruptedException;
    }

    private Transactions() {}

    static void write(DynamoDbClient dynamoDb, Collection<TransactWriteItem> items) {
        write(dynamoDb, items, duration -> Thread.sleep(duration.toMillis()));
    }

    static void write(DynamoDbClient dynamoDb, Collection<TransactWriteItem> items, Backoff backoff) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamoDb.transactWriteItems(b -> b.transactItems(items));
                return;
            } catch (TransactionCanceledException e) {
                if (attempt >= ATTEMPTS || !contended(e)) {
                    throw e;
                }
                pause(backoff, delay(attempt), e);
            }
        }
    }

    /** True when no item failed its condition and at least one was cancelled by contention or throttling. */
    static boolean contended(TransactionCanceledException e) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        boolean anyContended = false;
        for (CancellationReason reason : reasons) {
            String code = reason.code();
            if (code == null || NONE.equals(code)) {
                continue;
            }
            if (!TRANSIENT.contains(code)) {
                return false;
            }
            anyContended = true;
        }
        return anyContended;
    }

    /** A random wait in the upper half of an exponential ceiling: 25 ms, 50 ms, … up to 800 ms. */
    private static Duration delay(int attempt) {
        long ceiling = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << (attempt - 1));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }

    private static void pause(Backoff backoff, Duration duration, TransactionCanceledException cause) {
        try {
            backoff.pause(duration);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }
}
