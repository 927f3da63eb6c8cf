package dev.batchjobs.domain.target;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Slows a job down when its target pushes back, and brings it back up when the target is happy: additive increase,
 * multiplicative decrease (AIMD), within 1 and the job's {@code maximum_rps}, which it never exceeds.
 *
 * <ul>
 *   <li>A 429, or {@value #SERVER_ERRORS_IN_A_ROW} 5xx in a row, halves the rate, at most once a second (the responses
 *       of one burst arrive together and are one signal). A 429's {@code Retry-After} (up to
 *       {@value #LONGEST_HOLD_SECONDS} s) also holds every new start that long.
 *   <li>Every second without a 429 raises the rate by a twentieth of {@code maximum_rps} (at least 1).
 * </ul>
 *
 * <p>It also counts the 429s, for the job's {@code throttled_count}. Not thread-safe: the worker's loop drives it.
 */
public final class AdaptiveRate {
    static final int SERVER_ERRORS_IN_A_ROW = 3;
    static final long LONGEST_HOLD_SECONDS = 5;
    private static final long SECOND = 1_000;

    private final Clock clock;
    private double rate;
    private long lastChange = Long.MIN_VALUE / 2;
    private long lastDecrease = Long.MIN_VALUE / 2;
    private long lastThrottle = Long.MIN_VALUE / 2;
    private long holdUntil = Long.MIN_VALUE;
    private int serverErrors;
    private long throttled;

    /** @param startRps where to start (the rate the job's last invocation ended at); at most its maximum_rps applies */
    public AdaptiveRate(Clock clock, int startRps) {
        this.clock = clock;
        this.rate = Math.max(1, startRps);
    }

    /** The rate to use now, at most {@code maximumRps}: 0 while a Retry-After holds. */
    public int current(int maximumRps) {
        long now = clock.millis();
        if (rate > maximumRps) {
            rate = maximumRps;
        }
        if (now - lastChange >= SECOND && now - lastThrottle >= SECOND && rate < maximumRps) {
            long calmSeconds = Math.min((now - Math.max(lastChange, lastThrottle)) / SECOND, maximumRps);
            rate = Math.min(maximumRps, rate + calmSeconds * Math.max(1.0, maximumRps / 20.0));
            lastChange = now;
        }
        if (now < holdUntil) {
            return 0;
        }
        return Math.max(1, Math.min(maximumRps, (int) rate));
    }

    /** What the target answered: its status (empty when no response came) and its Retry-After. */
    public void observe(Optional<Integer> status, Optional<Duration> retryAfter) {
        if (status.isEmpty()) {
            return;
        }
        int code = status.get();
        if (code == 429) {
            throttled++;
            lastThrottle = clock.millis();
            serverErrors = 0;
            decrease(retryAfter);
        } else if (code >= 500) {
            if (++serverErrors >= SERVER_ERRORS_IN_A_ROW) {
                serverErrors = 0;
                decrease(Optional.empty());
            }
        } else {
            serverErrors = 0;
        }
    }

    /** The 429s seen since the last call. */
    public long takeThrottled() {
        long seen = throttled;
        throttled = 0;
        return seen;
    }

    private void decrease(Optional<Duration> retryAfter) {
        long now = clock.millis();
        if (now - lastDecrease < SECOND) {
            return;
        }
        lastDecrease = now;
        lastChange = now;
        rate = Math.max(1, rate / 2);
        retryAfter.ifPresent(wait ->
                holdUntil = Math.max(holdUntil, now + Math.min(wait.toMillis(), LONGEST_HOLD_SECONDS * SECOND)));
    }
}
