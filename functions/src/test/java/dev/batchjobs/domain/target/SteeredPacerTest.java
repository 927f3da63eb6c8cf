package dev.batchjobs.domain.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A pacer whose rate changes while it runs, on a simulated clock that runs a little late now and then. */
class SteeredPacerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final long zero = clock.millis();
    private final AtomicInteger rate = new AtomicInteger(20);
    private final List<Long> starts = new ArrayList<>();

    /** Starts as fast as the pacer lets, for {@code millis}, each wait overshooting by up to 3 ms. */
    private void drive(SteeredPacer pacer, long millis) {
        long end = clock.millis() + millis;
        int i = 0;
        while (clock.millis() < end) {
            Duration delay = pacer.delayBeforeNextStart();
            if (delay.isZero()) {
                pacer.recordStart();
                starts.add(clock.millis() - zero);
            } else {
                clock.advance(delay.plusMillis(i++ % 4));
            }
        }
    }

    /** The most starts in any window [t, t + 1000) that starts at a start at or after {@code from}. */
    private int busiestWindowFrom(long from) {
        int max = 0;
        for (long start : starts) {
            if (start >= from) {
                max = (int) Math.max(
                        max,
                        starts.stream()
                                .filter(s -> s >= start && s < start + 1000)
                                .count());
            }
        }
        return max;
    }

    /** The most starts in a window that ends with a start at or after {@code from}. */
    private int busiestWindowEndingFrom(long from) {
        int max = 0;
        for (long end : starts) {
            if (end >= from) {
                max = (int) Math.max(
                        max,
                        starts.stream().filter(s -> s <= end && s > end - 1000).count());
            }
        }
        return max;
    }

    @Test
    void aLowerRateAppliesAtOnceCountingTheSecondAlreadyUnderWay() {
        SteeredPacer pacer = new SteeredPacer(clock, List.of(), rate::get);
        drive(pacer, 3_000);
        long changed = clock.millis() - zero;

        rate.set(4);
        drive(pacer, 4_000);

        assertThat(busiestWindowFrom(0)).isLessThanOrEqualTo(20);
        assertThat(busiestWindowEndingFrom(changed)).isLessThanOrEqualTo(4);
        assertThat(starts.stream().filter(s -> s >= changed + 1_000).count()).isBetween(11L, 13L);
    }

    @Test
    void aHigherRateNeverLetsAWindowPassTheHigherRate() {
        rate.set(5);
        SteeredPacer pacer = new SteeredPacer(clock, List.of(), rate::get);
        drive(pacer, 3_000);
        long changed = clock.millis() - zero;

        rate.set(30);
        drive(pacer, 3_000);

        assertThat(starts.stream().filter(s -> s < changed).toList()).hasSizeBetween(15, 16);
        assertThat(busiestWindowFrom(0)).isLessThanOrEqualTo(30);
        assertThat(starts.stream().filter(s -> s >= changed + 1_000).count()).isBetween(58L, 61L);
    }

    @Test
    void downAndUpAgainWithinASecondKeepsEveryStartOfThatSecondInMind() {
        SteeredPacer pacer = new SteeredPacer(clock, List.of(), rate::get);
        drive(pacer, 2_000);
        rate.set(3);
        drive(pacer, 100);
        rate.set(20);
        drive(pacer, 2_000);

        // A pacer rebuilt at 20 from only the last 3 starts would allow a second burst of 20 within the window.
        assertThat(busiestWindowFrom(0)).isLessThanOrEqualTo(20);
    }

    @Test
    void aRateOfZeroStartsNothingAndTheHistoryCarriesAcrossInvocations() {
        SteeredPacer first = new SteeredPacer(clock, List.of(), rate::get);
        drive(first, 1_500);
        rate.set(0);
        int before = starts.size();
        drive(first, 500);
        assertThat(starts).hasSize(before);
        assertThat(first.rate()).isZero();

        rate.set(20);
        SteeredPacer next = new SteeredPacer(clock, first.recentStarts(), rate::get);
        drive(next, 2_000);

        assertThat(busiestWindowFrom(0)).isLessThanOrEqualTo(20);
    }
}
