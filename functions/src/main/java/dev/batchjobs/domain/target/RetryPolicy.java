package dev.batchjobs.domain.target;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a request to the target is tried again, and after how long: 429, 5xx and connection failures are
 * retried with exponential backoff and full jitter, at most {@code maxAttempts} times in all; a
 * {@code Retry-After} from the target is honoured when it asks for longer (bounded by {@code maxDelay}).
 * Every other outcome is final. A retry spends a rate token like any request: the caller paces it.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("Need 0 <= baseDelay <= maxDelay");
        }
    }

    /** Whether an HTTP status is worth another attempt. */
    public static boolean isRetryable(int status) {
        return status == 429 || status >= 500;
    }

    /**
     * The delay before attempt {@code attempt + 1}, or empty when {@code attempt} (1-based) was the last
     * one allowed or the outcome is final.
     *
     * @param status     the target's status, or empty when no response came (connection error, timeout)
     * @param retryAfter the target's Retry-After, if any
     * @param random     a uniform source in [0, 1), for the jitter
     */
    public Optional<Duration> delayAfter(
            int attempt, Optional<Integer> status, Optional<Duration> retryAfter, DoubleSupplier random) {
        if (attempt >= maxAttempts || (status.isPresent() && !isRetryable(status.get()))) {
            return Optional.empty();
        }
        long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 20));
        long jittered = (long) (random.getAsDouble() * ceiling);
        long wanted = retryAfter
                .map(Duration::toMillis)
                .map(ra -> Math.max(ra, jittered))
                .orElse(jittered);
        return Optional.of(Duration.ofMillis(Math.min(wanted, maxDelay.toMillis())));
    }
}
