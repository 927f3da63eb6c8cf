package dev.batchjobs.domain.target;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Paces request starts so that no one-second window, anywhere on the time line, holds more than
 * {@code maximumRps} of them. It remembers the start times of the last {@code maximumRps} requests (a
 * ring): a new request may start once the oldest of those is a full second in the past. It also spaces
 * starts at least {@code 1/maximumRps} apart, so a second's requests are spread over the second instead of
 * leaving in one burst: a burst whose first connections are slow would otherwise reach the target bunched
 * up with the next second's. The ring can be saved and restored, so the guarantee holds across chunks and
 * Lambda invocations, not just inside one.
 *
 * <p>Not thread-safe: one worker drives one job (the FIFO queue's message group), and that worker calls
 * {@link #delayBeforeNextStart()} and {@link #recordStart()} from one thread.
 */
public final class RatePacer implements Pacer {
    private static final Duration WINDOW = Duration.ofSeconds(1);
    /**
     * Kept beyond the one-second window. Starts are recorded in whole milliseconds, a request leaves a moment
     * after the pacer lets it start, and requests that leave evenly do not arrive evenly: one delayed a few
     * milliseconds more than the request a second before it on the way (a thread of the client or of the target
     * that ran late) puts rate + 1 requests into one second as the target sees them. The guard absorbs that much
     * difference at a cost of guard / 1 s of the rate: 1.5%. Measured on the whole pipeline (BENCHMARKS.md,
     * issue 16 item 1): with 5 ms the target saw 101-102 in its busiest second at 100 rps and 11 at 10 rps; with
     * 15 ms, 100 and 10.
     */
    private static final long GUARD_MILLIS = 15;

    private final int maximumRps;
    private final Clock clock;
    private final long[] startsMillis;
    private final long spacingMillis;
    private int next;
    private int size;
    /** The earliest next start on the ideal, evenly spaced timeline. */
    private long nextSlotMillis = Long.MIN_VALUE;

    public RatePacer(int maximumRps, Clock clock, List<Instant> recentStarts) {
        if (maximumRps < 1) {
            throw new IllegalArgumentException("maximumRps must be at least 1, was " + maximumRps);
        }
        this.maximumRps = maximumRps;
        this.clock = clock;
        this.startsMillis = new long[maximumRps];
        // Rounded up, so that evenly spaced starts alone never exceed the rate.
        this.spacingMillis = (WINDOW.toMillis() + maximumRps - 1) / maximumRps;
        recentStarts.stream()
                .sorted()
                .skip(Math.max(0, recentStarts.size() - maximumRps))
                .forEach(start -> record(start.toEpochMilli()));
    }

    /** How long to wait before the next request may start; zero when it may start now. */
    @Override
    public Duration delayBeforeNextStart() {
        long allowedAt = nextSlotMillis;
        if (size == maximumRps) {
            allowedAt = Math.max(allowedAt, startsMillis[next] + WINDOW.toMillis() + GUARD_MILLIS);
        }
        long now = clock.millis();
        return allowedAt <= now ? Duration.ZERO : Duration.ofMillis(allowedAt - now);
    }

    /**
     * Records that a request starts now. Call only when {@link #delayBeforeNextStart()} is zero; a start
     * that would break the rate is refused, so a bug in a caller cannot exceed the client's limit.
     */
    @Override
    public void recordStart() {
        if (!delayBeforeNextStart().isZero()) {
            throw new IllegalStateException("A request may not start yet: the rate of " + maximumRps + "/s is reached");
        }
        record(clock.millis());
    }

    /** The remembered start times, oldest first, to save with a checkpoint. */
    @Override
    public List<Instant> recentStarts() {
        List<Instant> starts = new ArrayList<>(size);
        int first = size < maximumRps ? 0 : next;
        for (int i = 0; i < size; i++) {
            starts.add(Instant.ofEpochMilli(startsMillis[(first + i) % maximumRps]));
        }
        return starts;
    }

    private void record(long millis) {
        // The next slot follows the ideal timeline, not the actual start: a start that is late by up to half a
        // spacing (a sleep that overshot) does not push every later start back, so the rate is really reached.
        // The ring below still bounds every one-second window.
        long base = nextSlotMillis == Long.MIN_VALUE ? millis : Math.max(nextSlotMillis, millis - spacingMillis / 2);
        nextSlotMillis = base + spacingMillis;
        startsMillis[next] = millis;
        next = (next + 1) % maximumRps;
        size = Math.min(size + 1, maximumRps);
    }
}
