package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Seeded fault injection on the local cloud's emulators ({@link FaultRun}): each run kills the worker at random
 * points, delivers SQS messages twice, fails a Step Functions task once, and scripts the target to misbehave; after
 * each run every input row is in the results exactly once with the status its script says, the counters equal the
 * file, the listed failures equal the failed rows, and the job is {@code complete}. The base seed is printed; rerun
 * a failure with {@code -Dfaults.seed=SEED -Dfaults.runs=1}, run longer with {@code -Dfaults.runs=200}.
 */
class FaultInjectionIT {
    @Test
    void everyRowOnceAndEveryCountRightWhateverFails() throws Exception {
        int runs = Integer.getInteger("faults.runs", 5);
        long base = Long.getLong("faults.seed", System.currentTimeMillis());
        System.out.printf(
                "Fault injection: %d runs from seed %d (rerun: -Dfaults.seed=%d -Dfaults.runs=%d)%n",
                runs, base, base, runs);
        int rows = 0;
        int kills = 0;
        int duplicates = 0;
        int stepFailures = 0;
        int concurrent = 0;
        int failedInvocations = 0;
        Map<KillSwitch.Point, Integer> byPoint = new EnumMap<>(KillSwitch.Point.class);
        long started = System.nanoTime();
        try (MisbehavingTarget target = new MisbehavingTarget(800)) {
            for (int i = 0; i < runs; i++) {
                long seed = base + i;
                FaultRun.Figures figures = new FaultRun(seed, target).run();
                rows += figures.rows();
                kills += figures.kills();
                duplicates += figures.duplicateDeliveries();
                stepFailures += figures.stepFailures();
                concurrent += figures.concurrentDeliveries();
                failedInvocations += figures.failedInvocations();
                figures.killsByPoint().forEach((p, n) -> byPoint.merge(p, n, Integer::sum));
            }
            Map<String, Integer> targetFaults = new TreeMap<>();
            target.injected().forEach((f, n) -> targetFaults.put(f.name(), n.get()));
            System.out.printf(
                    "Fault injection: %d runs, %d rows checked, %d worker kills %s, %d duplicate deliveries "
                            + "(%d of them to two workers at once; %d invocations failed), %d failed Step Functions tasks, target faults %s, in %.1f s%n",
                    runs,
                    rows,
                    kills,
                    byPoint,
                    duplicates,
                    concurrent,
                    failedInvocations,
                    stepFailures,
                    targetFaults,
                    (System.nanoTime() - started) / 1e9);
            assertThat(kills + duplicates + stepFailures).isPositive();
        }
    }
}
