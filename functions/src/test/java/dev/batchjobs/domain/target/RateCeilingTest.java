package dev.batchjobs.domain.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.testing.InMemoryTargetLeaseStore;
import dev.batchjobs.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ceiling shared by several jobs' workers, each with its own lease and pacer, on one simulated clock: the
 * workers take turns every millisecond, as separate invocations would, sharing nothing but the lease store.
 */
class RateCeilingTest {
    private static final String TARGET = "api.target.test";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final long zero = clock.millis();
    private final InMemoryTargetLeaseStore store = new InMemoryTargetLeaseStore();
    private final List<Worker> workers = new ArrayList<>();
    private final Random jitter = new Random(11);

    /** One job's worker: its own rate, active from {@code fromMillis} until {@code untilMillis}. */
    private final class Worker {
        final String jobId;
        final int rps;
        final long fromMillis;
        final long untilMillis;
        final List<Long> starts = new ArrayList<>();
        private final SteeredPacer pacer;

        Worker(String jobId, int rps, long fromMillis, long untilMillis, RateCeiling ceiling) {
            this.jobId = jobId;
            this.rps = rps;
            this.fromMillis = fromMillis;
            this.untilMillis = untilMillis;
            CeilingLease lease = ceiling.open(TARGET, jobId);
            this.pacer = new SteeredPacer(clock, List.of(), () -> lease.allowed(rps));
        }

        void step(long at) {
            if (at < fromMillis || at >= untilMillis) {
                return;
            }
            if (pacer.delayBeforeNextStart().isZero()) {
                pacer.recordStart();
                starts.add(clock.millis() - zero);
            }
        }

        /** Starts in [from, to) milliseconds. */
        long startsBetween(long from, long to) {
            return starts.stream().filter(s -> s >= from && s < to).count();
        }
    }

    private Worker worker(String jobId, int rps, long from, long until, int ceiling) {
        Worker worker = new Worker(jobId, rps, from, until, new RateCeiling(store, ceiling, clock));
        workers.add(worker);
        return worker;
    }

    private void runFor(Duration duration) {
        for (long t = 0; t < duration.toMillis(); t++) {
            List<Worker> order = new ArrayList<>(workers);
            Collections.shuffle(order, jitter);
            for (Worker worker : order) {
                worker.step(clock.millis() - zero);
            }
            clock.advance(Duration.ofMillis(1));
        }
    }

    /** The most starts in any one-second window [t, t + 1000). */
    private static int busiestWindow(List<Long> starts) {
        List<Long> sorted = starts.stream().sorted().toList();
        int max = 0;
        int end = 0;
        for (int begin = 0; begin < sorted.size(); begin++) {
            while (end < sorted.size() && sorted.get(end) < sorted.get(begin) + 1000) {
                end++;
            }
            max = Math.max(max, end - begin);
        }
        return max;
    }

    private List<Long> allStarts() {
        return workers.stream().flatMap(w -> w.starts.stream()).toList();
    }

    @Test
    void fairSharesMeetSmallDemandsFirstAndSplitTheRestEvenly() {
        assertThat(TargetLeases.fairShares(Map.of("a", 50, "b", 50), 60)).isEqualTo(Map.of("a", 30, "b", 30));
        assertThat(TargetLeases.fairShares(Map.of("a", 20, "b", 50, "c", 50), 100))
                .isEqualTo(Map.of("a", 20, "b", 40, "c", 40));
        assertThat(TargetLeases.fairShares(Map.of("a", 5, "b", 8), 100)).isEqualTo(Map.of("a", 5, "b", 8));
        assertThat(TargetLeases.fairShares(Map.of("a", 50, "b", 50, "c", 50), 100).values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(100);
    }

    @Test
    void twoJobsOfFiftyUnderACeilingOfSixtyGetAboutThirtyEach() {
        Worker a = worker("batchv2_A", 50, 0, Long.MAX_VALUE, 60);
        Worker b = worker("batchv2_B", 50, 0, Long.MAX_VALUE, 60);

        runFor(Duration.ofSeconds(10));

        assertThat(busiestWindow(allStarts())).isLessThanOrEqualTo(60);
        assertThat(busiestWindow(a.starts)).isLessThanOrEqualTo(50);
        assertThat(busiestWindow(b.starts)).isLessThanOrEqualTo(50);
        // Settled after the first seconds: 30 each, so 210 in the 7 seconds from 3 s.
        assertThat(a.startsBetween(3_000, 10_000)).isBetween(200L, 215L);
        assertThat(b.startsBetween(3_000, 10_000)).isBetween(200L, 215L);
    }

    @Test
    void jobsThatComeAndGoShareTheCeilingAndNoWindowEverHoldsMore() {
        Worker a = worker("batchv2_A", 50, 0, 10_000, 60);
        Worker b = worker("batchv2_B", 50, 3_000, Long.MAX_VALUE, 60);
        Worker c = worker("batchv2_C", 20, 6_000, Long.MAX_VALUE, 60);

        runFor(Duration.ofSeconds(16));

        assertThat(busiestWindow(allStarts())).isLessThanOrEqualTo(60);
        for (Worker w : workers) {
            assertThat(busiestWindow(w.starts)).as(w.jobId).isLessThanOrEqualTo(w.rps);
        }
        // Alone, A is held by its own rate; then A and B share 60; then all three get 20 (max-min fairness).
        assertThat(a.startsBetween(1_000, 3_000)).isBetween(98L, 100L);
        assertThat(a.startsBetween(4_500, 6_000)).isBetween(42L, 47L);
        assertThat(b.startsBetween(4_500, 6_000)).isBetween(42L, 47L);
        for (Worker w : List.of(a, b, c)) {
            assertThat(w.startsBetween(8_000, 10_000)).as(w.jobId).isBetween(37L, 41L);
        }
        // Once A is gone (its lease ends, its last second leaves the window) B takes the 40 that C leaves.
        assertThat(b.startsBetween(14_000, 16_000)).isBetween(77L, 81L);
        assertThat(c.startsBetween(14_000, 16_000)).isBetween(38L, 41L);
    }

    @Test
    void aCeilingBelowAJobsOwnRateHoldsItThere() {
        Worker a = worker("batchv2_A", 100, 0, Long.MAX_VALUE, 40);

        runFor(Duration.ofSeconds(5));

        assertThat(busiestWindow(a.starts)).isEqualTo(40);
        assertThat(a.startsBetween(1_000, 5_000)).isBetween(158L, 160L);
    }

    @Test
    void workersThatCannotRenewStopWhenTheirGrantEndsAndResumeAfterwards() {
        Worker a = worker("batchv2_A", 50, 0, Long.MAX_VALUE, 60);
        Worker b = worker("batchv2_B", 50, 0, Long.MAX_VALUE, 60);
        runFor(Duration.ofSeconds(5));

        store.failing = true;
        runFor(Duration.ofSeconds(4));
        store.failing = false;
        runFor(Duration.ofSeconds(4));

        assertThat(busiestWindow(allStarts())).isLessThanOrEqualTo(60);
        // Every grant ends at most 2 s after its last renewal: nothing starts from 7 s until the store is back at 9 s.
        assertThat(a.startsBetween(7_000, 9_000) + b.startsBetween(7_000, 9_000))
                .isZero();
        assertThat(a.startsBetween(11_000, 13_000)).isGreaterThan(50L);
        assertThat(b.startsBetween(11_000, 13_000)).isGreaterThan(50L);
    }

    @Test
    void aCrashedWorkersShareComesBackToTheOthersOnceItsLeaseEnds() {
        Worker a = worker("batchv2_A", 50, 0, 4_000, 60);
        Worker b = worker("batchv2_B", 50, 0, Long.MAX_VALUE, 60);

        runFor(Duration.ofSeconds(10));

        assertThat(busiestWindow(allStarts())).isLessThanOrEqualTo(60);
        assertThat(b.startsBetween(2_000, 4_000)).isBetween(58L, 62L);
        assertThat(b.startsBetween(8_000, 10_000)).isBetween(98L, 100L);
        assertThat(a.startsBetween(4_000, 10_000)).isZero();
    }

    @Test
    void aSlowLeaseStoreNeverLetsTheSumPassTheCeiling() {
        TargetLeaseStore slow = new TargetLeaseStore() {
            @Override
            public TargetLeases read(String target) {
                clock.advance(Duration.ofMillis(40));
                return store.read(target);
            }

            @Override
            public boolean replace(String target, long expectedVersion, TargetLeases next) {
                clock.advance(Duration.ofMillis(150));
                return store.replace(target, expectedVersion, next);
            }
        };
        for (String id : List.of("batchv2_A", "batchv2_B", "batchv2_C")) {
            workers.add(new Worker(id, 50, workers.size() * 1_500L, Long.MAX_VALUE, new RateCeiling(slow, 60, clock)));
        }

        runFor(Duration.ofSeconds(10));

        assertThat(busiestWindow(allStarts())).isLessThanOrEqualTo(60);
        for (Worker w : workers) {
            assertThat(busiestWindow(w.starts)).as(w.jobId).isLessThanOrEqualTo(50);
        }
    }

    @Test
    void withoutACeilingAJobRunsAtItsOwnRate() {
        CeilingLease lease = RateCeiling.OFF.open(TARGET, "batchv2_A");

        assertThat(lease.allowed(37)).isEqualTo(37);
    }
}
