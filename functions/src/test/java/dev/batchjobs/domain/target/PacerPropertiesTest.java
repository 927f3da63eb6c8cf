package dev.batchjobs.domain.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The {@code maximum_rps} promise, from the pacer's public behaviour only: whatever the start times (a worker that
 * starts late, by a little or a lot, a clock that is between milliseconds, a request that leaves a few milliseconds
 * after it was let start), however often the pacer is saved and restored, and however the rate changes, no sliding
 * one-second window, as the target sees the requests arrive, holds more than the rate.
 */
class PacerPropertiesTest {
    /** How long a request may take to leave after the pacer let it start (the pacer's documented guard covers it). */
    private static final int MAX_SEND_LATENCY_MICROS = 4_000;

    /**
     * One request: how late the worker is after the pacer's delay (micros), how long the request takes to leave,
     * whether the pacer is saved and restored before it, and (for a steered pacer) the rate in force.
     */
    record Step(int lateMicros, int sendLatencyMicros, boolean restore, int rate) {}

    record Sent(long recordedMillis, long arrivalMicros, int rate) {}

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> late = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, 2_000)),
                Tuple.of(4, Arbitraries.integers().between(0, 300_000)),
                Tuple.of(1, Arbitraries.integers().between(0, 2_500_000)));
        return Combinators.combine(
                        late,
                        Arbitraries.integers().between(0, MAX_SEND_LATENCY_MICROS),
                        Arbitraries.integers().between(0, 9).map(n -> n == 0),
                        Arbitraries.integers().between(0, 30))
                .as(Step::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(150);
    }

    @Property(tries = 300)
    void noSlidingSecondHoldsMoreThanTheRateForAnyLateStartsAndRestores(
            @ForAll @IntRange(min = 1, max = 30) int rps, @ForAll("steps") List<Step> steps) {
        List<Sent> sent = new ArrayList<>();
        RatePacer pacer = new RatePacer(rps, clock, List.of());
        for (Step step : steps) {
            if (step.restore()) {
                pacer = new RatePacer(rps, clock, pacer.recentStarts());
            }
            sent.add(start(pacer, step, rps));
        }

        assertThat(busiestArrivalWindow(sent)).isLessThanOrEqualTo(rps);
    }

    @Property(tries = 300)
    void aSteeredPacerHoldsEachStartsRateOverTheSecondItEndsAndNeverExceedsTheHighest(
            @ForAll("steps") List<Step> steps) {
        int[] rate = {1};
        List<Sent> sent = new ArrayList<>();
        SteeredPacer pacer = new SteeredPacer(clock, List.of(), () -> rate[0]);
        for (Step step : steps) {
            if (step.restore()) {
                pacer = new SteeredPacer(clock, pacer.recentStarts(), () -> rate[0]);
            }
            // Mostly the same rate for a while, sometimes a change (a zero is skipped: it starts nothing).
            if (step.rate() % 7 == 0) {
                rate[0] = Math.max(1, step.rate());
            }
            sent.add(start(pacer, step, rate[0]));
        }

        int highest = sent.stream().mapToInt(Sent::rate).max().orElse(0);
        assertThat(busiestArrivalWindow(sent)).isLessThanOrEqualTo(highest);
        for (int i = 0; i < sent.size(); i++) {
            long end = sent.get(i).recordedMillis();
            long inWindow = sent.subList(0, i + 1).stream()
                    .filter(s -> s.recordedMillis() > end - 1000)
                    .count();
            assertThat(inWindow)
                    .as(
                            "the second ending with start %d, made at %d/s",
                            i, sent.get(i).rate())
                    .isLessThanOrEqualTo(sent.get(i).rate());
        }
    }

    /**
     * The case the one-second window check exists for: at 7/s the spacing alone (143 ms) lets a worker that is
     * late by half a spacing every other start put eight starts into one second.
     */
    @Test
    void aWorkerLateByHalfASpacingEveryOtherStartStillGetsNoMoreThanTheRate() {
        RatePacer pacer = new RatePacer(7, clock, List.of());
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            sent.add(start(pacer, new Step(i % 2 == 1 ? 71_000 : 0, 0, false, 7), 7));
        }

        assertThat(busiestArrivalWindow(sent)).isLessThanOrEqualTo(7);
    }

    /**
     * The case the guard exists for: a start recorded late in its millisecond whose request leaves 4 ms later, and
     * the start a second later that the ring lets go at once.
     */
    @Test
    void aRequestThatLeavesLateInItsMillisecondDoesNotShareASecondWithOneTooMany() {
        RatePacer pacer = new RatePacer(7, clock, List.of());
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            boolean late = i % 2 == 1;
            sent.add(start(pacer, new Step(late ? 71_900 : 0, late ? MAX_SEND_LATENCY_MICROS : 0, false, 7), 7));
        }

        assertThat(busiestArrivalWindow(sent)).isLessThanOrEqualTo(7);
    }

    private Sent start(Pacer pacer, Step step, int rate) {
        clock.advance(pacer.delayBeforeNextStart());
        clock.advance(Duration.ofNanos(step.lateMicros() * 1_000L));
        // A pacer may ask again after a late start (a rate that changed meanwhile): a worker waits again.
        for (Duration delay = pacer.delayBeforeNextStart(); !delay.isZero(); delay = pacer.delayBeforeNextStart()) {
            clock.advance(delay);
        }
        pacer.recordStart();
        Instant now = clock.instant();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        return new Sent(clock.millis(), micros + step.sendLatencyMicros(), rate);
    }

    private static int busiestArrivalWindow(List<Sent> sent) {
        List<Long> arrivals = sent.stream().map(Sent::arrivalMicros).sorted().toList();
        int max = 0;
        int first = 0;
        for (int last = 0; last < arrivals.size(); last++) {
            while (arrivals.get(last) - arrivals.get(first) >= 1_000_000) {
                first++;
            }
            max = Math.max(max, last - first + 1);
        }
        return max;
    }
}
