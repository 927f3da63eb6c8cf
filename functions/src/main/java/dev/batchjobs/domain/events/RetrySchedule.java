package dev.batchjobs.domain.events;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: exponential backoff from {@code base}, capped at {@code maxDelay},
 * with jitter (so a receiver that comes back is not hit by every delivery at once), until {@code window}
 * after the first attempt (Stripe retries for up to three days).
 */
public record RetrySchedule(Duration base, Duration maxDelay, Duration window) {
    public static final RetrySchedule DEFAULT =
            new RetrySchedule(Duration.ofMinutes(1), Duration.ofHours(2), Duration.ofDays(3));

    /** The delay after {@code failedAttempts} failures (1 or more): base·2^(n-1), capped, between 75% and 125% of that. */
    public Duration delayAfter(int failedAttempts, DoubleSupplier random) {
        double exponential = base.toMillis() * Math.pow(2, Math.min(failedAttempts - 1, 30));
        double capped = Math.min(exponential, maxDelay.toMillis());
        return Duration.ofMillis(Math.max(1, Math.round(capped * (0.75 + random.getAsDouble() * 0.5))));
    }
}
