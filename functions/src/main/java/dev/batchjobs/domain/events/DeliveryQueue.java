package dev.batchjobs.domain.events;

import java.time.Duration;

/** Where deliveries wait for their next attempt, and where they go when retries are exhausted. */
public interface DeliveryQueue {

    /** Hands the delivery back after {@code delay} (or sooner: it then checks {@link Delivery#notBefore()}). */
    void retryLater(Delivery delivery, Duration delay);

    /** Gives up on the delivery: it goes to the dead-letter queue with its last error. */
    void deadLetter(Delivery delivery);
}
