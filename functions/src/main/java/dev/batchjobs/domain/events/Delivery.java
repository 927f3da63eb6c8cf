package dev.batchjobs.domain.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One event owed to one destination, between attempts.
 *
 * @param attempts       how many attempts have failed so far
 * @param firstAttemptAt when the first attempt was made: retries stop {@link RetrySchedule#window()} after it
 * @param notBefore      the next attempt is due at this time (a queue's delay is capped, so a message may arrive early)
 * @param lastError      why the last attempt failed, for the dead-letter queue's reader
 */
public record Delivery(
        String accountId,
        String eventId,
        String destinationId,
        int attempts,
        Instant firstAttemptAt,
        Instant notBefore,
        String lastError) {
    public Delivery {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(destinationId, "destinationId");
        Objects.requireNonNull(firstAttemptAt, "firstAttemptAt");
        Objects.requireNonNull(notBefore, "notBefore");
    }
}
