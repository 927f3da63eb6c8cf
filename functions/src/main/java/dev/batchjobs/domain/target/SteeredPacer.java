package dev.batchjobs.domain.target;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;

/**
 * A pacer whose rate may change while the job runs: the job's own {@code maximum_rps} (changed through the API), its
 * share of the operator's ceiling for the target, and the slow-down after the target's 429s. Before each start it
 * asks {@code allowedRps} for the rate in force; when that changed, it builds a new {@link RatePacer} at the new rate
 * from every start of the last second, so the exact guarantees of {@link RatePacer} (its ring, its spacing, its
 * guard) carry over the change:
 *
 * <ul>
 *   <li>every one-second window that ends with a start made at the new rate holds at most the new rate, counting
 *       the starts made before the change: a lower rate applies at once, to the second already under way;
 *   <li>no window ever holds more than the higher of the two rates;
 *   <li>a rate of zero starts nothing until it rises again (the job's share of the ceiling is taken for now).
 * </ul>
 *
 * <p>Not thread-safe, like {@link RatePacer}: one thread drives one job.
 */
public final class SteeredPacer implements Pacer {
    /** Starts older than this can no longer be in a window with a new start (one second, the guard, a margin). */
    private static final long KEEP_MILLIS = 1_100;
    /** How long to wait, while the rate is zero, before asking again. */
    private static final Duration NO_RATE_WAIT = Duration.ofMillis(50);

    private final Clock clock;
    private final IntSupplier allowedRps;
    private final BiConsumer<Optional<Integer>, Optional<Duration>> responses;
    /** Every start of the last {@link #KEEP_MILLIS}, oldest first, in epoch milliseconds. */
    private final ArrayDeque<Long> starts = new ArrayDeque<>();

    private RatePacer pacer;
    private int rate = -1;

    /**
     * @param history    the starts the job's last checkpoint saved (any that are too old are dropped)
     * @param allowedRps the rate in force now; zero or less means none. Called before each start: keep it cheap.
     */
    public SteeredPacer(Clock clock, List<Instant> history, IntSupplier allowedRps) {
        this(clock, history, allowedRps, (status, retryAfter) -> {});
    }

    /** @param responses told what the target answered each request (the slow-down, {@link AdaptiveRate}, listens) */
    public SteeredPacer(
            Clock clock,
            List<Instant> history,
            IntSupplier allowedRps,
            BiConsumer<Optional<Integer>, Optional<Duration>> responses) {
        this.clock = clock;
        this.allowedRps = allowedRps;
        this.responses = responses;
        history.stream().sorted().forEach(start -> starts.addLast(start.toEpochMilli()));
        prune();
    }

    /** The rate in force since the last {@link #delayBeforeNextStart()}: 0 while none, -1 before the first. */
    public int rate() {
        return rate;
    }

    @Override
    public Duration delayBeforeNextStart() {
        steer();
        return pacer == null ? NO_RATE_WAIT : pacer.delayBeforeNextStart();
    }

    /** Refused (as {@link RatePacer} refuses) unless {@link #delayBeforeNextStart()} was just zero. */
    @Override
    public void recordStart() {
        if (pacer == null) {
            throw new IllegalStateException("A request may not start: no rate is in force");
        }
        pacer.recordStart();
        starts.addLast(clock.millis());
        prune();
    }

    @Override
    public void observe(Optional<Integer> status, Optional<Duration> retryAfter) {
        responses.accept(status, retryAfter);
    }

    @Override
    public List<Instant> recentStarts() {
        prune();
        List<Instant> recent = new ArrayList<>(starts.size());
        starts.forEach(millis -> recent.add(Instant.ofEpochMilli(millis)));
        return recent;
    }

    private void steer() {
        int wanted = Math.max(0, allowedRps.getAsInt());
        if (wanted == rate) {
            return;
        }
        rate = wanted;
        pacer = wanted == 0 ? null : new RatePacer(wanted, clock, recentStarts());
    }

    private void prune() {
        long oldest = clock.millis() - KEEP_MILLIS;
        while (!starts.isEmpty() && starts.peekFirst() < oldest) {
            starts.removeFirst();
        }
    }
}
