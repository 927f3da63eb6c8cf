package dev.batchjobs.domain.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class AdaptiveRateTest {
    private static final Optional<Integer> THROTTLED = Optional.of(429);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final AdaptiveRate rate = new AdaptiveRate(clock, 40);

    private void advance(long millis) {
        clock.advance(Duration.ofMillis(millis));
    }

    @Test
    void aThrottleHalvesTheRateOnceASecondAndNeverBelowOne() {
        rate.observe(THROTTLED, Optional.empty());
        rate.observe(THROTTLED, Optional.empty());
        assertThat(rate.current(40)).isEqualTo(20);

        for (int i = 0; i < 10; i++) {
            advance(1_000);
            rate.observe(THROTTLED, Optional.empty());
        }
        assertThat(rate.current(40)).isEqualTo(1);
        assertThat(rate.takeThrottled()).isEqualTo(12);
        assertThat(rate.takeThrottled()).isZero();
    }

    @Test
    void calmSecondsBringItBackAdditivelyToTheMaximumAndNeverPast() {
        rate.observe(THROTTLED, Optional.empty());
        assertThat(rate.current(40)).isEqualTo(20);

        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            advance(1_000);
            seen.add(rate.current(40));
        }

        assertThat(seen)
                .startsWith(22, 24, 26)
                .endsWith(40, 40)
                .allSatisfy(r -> assertThat(r).isLessThanOrEqualTo(40));
        assertThat(rate.current(25)).isEqualTo(25);
    }

    @Test
    void retryAfterHoldsEveryStartThatLongAtMostFiveSeconds() {
        rate.observe(THROTTLED, Optional.of(Duration.ofSeconds(2)));
        assertThat(rate.current(40)).isZero();
        advance(1_999);
        assertThat(rate.current(40)).isZero();
        advance(1);
        assertThat(rate.current(40)).isPositive();

        advance(5_000);
        rate.observe(THROTTLED, Optional.of(Duration.ofHours(1)));
        advance(5_000);
        assertThat(rate.current(40)).isPositive();
    }

    @Test
    void repeatedServerErrorsSlowItDownButOneSuccessInBetweenResetsTheCount() {
        rate.observe(Optional.of(503), Optional.empty());
        rate.observe(Optional.of(502), Optional.empty());
        rate.observe(Optional.of(200), Optional.empty());
        rate.observe(Optional.of(500), Optional.empty());
        assertThat(rate.current(40)).isEqualTo(40);

        rate.observe(Optional.of(500), Optional.empty());
        rate.observe(Optional.of(500), Optional.empty());
        assertThat(rate.current(40)).isEqualTo(20);
        assertThat(rate.takeThrottled()).isZero();
    }

    /**
     * A target that accepts at most {@code capacity} requests in any second and answers 429 with Retry-After: 1
     * otherwise; rows that got a 429 come back after it. Returns the 429s it took to get every row accepted.
     */
    private int throttledResponsesToSend(int rows, int capacity, IntSupplier allowed, AdaptiveRate listener) {
        SteeredPacer pacer = new SteeredPacer(clock, List.of(), allowed, (s, r) -> {
            if (listener != null) {
                listener.observe(s, r);
            }
        });
        Deque<Long> accepted = new ArrayDeque<>();
        PriorityQueue<Long> retries = new PriorityQueue<>();
        int fresh = rows;
        int throttled = 0;
        List<Long> starts = new ArrayList<>();
        while (fresh > 0 || !retries.isEmpty()) {
            long now = clock.millis();
            boolean ready = fresh > 0 || retries.peek() <= now;
            if (ready && pacer.delayBeforeNextStart().isZero()) {
                pacer.recordStart();
                starts.add(now);
                if (fresh > 0 && (retries.isEmpty() || retries.peek() > now)) {
                    fresh--;
                } else {
                    retries.poll();
                }
                while (!accepted.isEmpty() && accepted.peekFirst() <= now - 1_000) {
                    accepted.removeFirst();
                }
                if (accepted.size() < capacity) {
                    accepted.addLast(now);
                    pacer.observe(Optional.of(200), Optional.empty());
                } else {
                    throttled++;
                    retries.add(now + 1_000);
                    pacer.observe(THROTTLED, Optional.of(Duration.ofSeconds(1)));
                }
            }
            advance(1);
        }
        for (int i = 0; i < starts.size(); i++) {
            int j = i;
            while (j < starts.size() && starts.get(j) < starts.get(i) + 1_000) {
                j++;
            }
            assertThat(j - i).isLessThanOrEqualTo(20);
        }
        return throttled;
    }

    @Test
    void againstATargetThatThrottlesAThirdTheSlowDownNeedsFarFewerRetriesThanAFixedRate() {
        int fixed = throttledResponsesToSend(300, 14, () -> 20, null);
        AdaptiveRate adaptive = new AdaptiveRate(clock, 20);
        int slowed = throttledResponsesToSend(300, 14, () -> adaptive.current(20), adaptive);

        assertThat(fixed).isGreaterThan(100);
        assertThat(slowed).isLessThan(fixed / 3);
    }
}
