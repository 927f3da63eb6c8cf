package dev.batchjobs.domain.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RatePacerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

    /** Drives a pacer like a worker would, with the clock jumping by the delays it asks for. */
    private List<Long> startAll(RatePacer pacer, int requests, Random jitter) {
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            clock.advance(Duration.ofMillis(jitter.nextInt(3)));
            Duration delay = pacer.delayBeforeNextStart();
            clock.advance(delay);
            pacer.recordStart();
            starts.add(clock.millis());
        }
        return starts;
    }

    private static int busiestWindow(List<Long> starts) {
        int max = 0;
        for (int i = 0; i < starts.size(); i++) {
            int count = 0;
            for (long other : starts) {
                if (other >= starts.get(i) && other < starts.get(i) + 1000) {
                    count++;
                }
            }
            max = Math.max(max, count);
        }
        return max;
    }

    @Test
    void noOneSecondWindowHoldsMoreThanTheRateAndTheRateIsReached() {
        List<Long> starts = startAll(new RatePacer(100, clock, List.of()), 1000, new Random(7));

        assertThat(busiestWindow(starts)).isEqualTo(100);
        long span = starts.get(starts.size() - 1) - starts.get(0);
        // The guard beyond the second (15 ms) costs 1.5% of the rate; nothing else may.
        assertThat(1000 / (span / 1000.0)).isGreaterThan(98.0);
    }

    @Test
    void theLimitHoldsAcrossARestoredPacer() {
        RatePacer first = new RatePacer(10, clock, List.of());
        List<Long> starts = new ArrayList<>(startAll(first, 25, new Random(1)));

        RatePacer resumed = new RatePacer(10, clock, first.recentStarts());
        starts.addAll(startAll(resumed, 25, new Random(2)));

        assertThat(busiestWindow(starts)).isEqualTo(10);
    }

    @Test
    void withoutItsHistoryAResumedPacerWouldBurst() {
        RatePacer first = new RatePacer(10, clock, List.of());
        List<Long> starts = new ArrayList<>(startAll(first, 10, new Random(1)));

        starts.addAll(startAll(new RatePacer(10, clock, List.of()), 10, new Random(2)));

        assertThat(busiestWindow(starts)).isGreaterThan(10);
    }

    @Test
    void startsAreSpreadOverTheSecondNotBurst() {
        List<Long> starts = startAll(new RatePacer(50, clock, List.of()), 100, new Random(5));

        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 1)).isGreaterThanOrEqualTo(20);
        }
    }

    @Test
    void aStartThatWouldBreakTheRateIsRefused() {
        RatePacer pacer = new RatePacer(1, clock, List.of());
        pacer.recordStart();

        assertThat(pacer.delayBeforeNextStart()).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1020));
        assertThatThrownBy(pacer::recordStart).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void recentStartsKeepsOnlyTheLastRateManyOldestFirst() {
        RatePacer pacer = new RatePacer(3, clock, List.of());
        startAll(pacer, 5, new Random(3));
        List<Instant> recent = pacer.recentStarts();

        assertThat(recent).hasSize(3).isSorted();
        assertThat(new RatePacer(3, clock, recent).recentStarts()).isEqualTo(recent);
    }
}
