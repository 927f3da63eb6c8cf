package dev.batchjobs.local.it;

import dev.batchjobs.local.sandbox.SandboxTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs N rows at maximum_rps R through the chunk worker against the sandbox target on the local cloud and
 * prints the achieved rate as a fraction of R, and the one-second windows above R, at the worker (starts)
 * and at the target (arrivals). See BENCHMARKS.md for the command.
 */
public final class WorkerRateBenchmark {
    private WorkerRateBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rowsPerChunk = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        try (SandboxTarget sandbox = SandboxTarget.start(0)) {
            WorkerFixture fixture = new WorkerFixture(sandbox, rows, rps, rowsPerChunk);
            long started = System.nanoTime();
            fixture.runAllChunks();
            double seconds = (System.nanoTime() - started) / 1e9;

            List<Instant> arrivals = sandbox.arrivals();
            double span = Duration.between(arrivals.get(0), arrivals.get(arrivals.size() - 1))
                            .toNanos()
                    / 1e9;
            // n requests spaced evenly at R/s span (n - 1)/R seconds: the rate is (n - 1) / span.
            double achieved = (arrivals.size() - 1) / span;
            System.out.printf("rows=%d maximum_rps=%d chunks=%d wall=%.2fs%n", rows, rps, fixture.chunkCount, seconds);
            System.out.printf("achieved rate at the target: %.2f/s = %.3f of maximum_rps%n", achieved, achieved / rps);
            System.out.printf(
                    "sliding 1 s windows above %d: busiest at the worker %d, at the target %d%n",
                    rps,
                    WorkerFixture.busiestOneSecondWindow(fixture.starts),
                    WorkerFixture.busiestOneSecondWindow(arrivals));
            System.out.printf("fixed 1 s buckets above %d at the target: %d%n", rps, bucketsAbove(arrivals, rps));
            System.out.printf(
                    "rows counted: %d succeeded, %d failed (every tenth row is a 404 by design)%n",
                    fixture.counts().succeeded(), fixture.counts().failed());
            // -Dbenchmark.floor=F (CI): fail when the achieved rate falls under F of maximum_rps, a regression.
            double floor = Double.parseDouble(System.getProperty("benchmark.floor", "0"));
            if (achieved / rps < floor) {
                System.out.printf(
                        "FAILED: achieved %.3f of maximum_rps, under the floor %.2f%n", achieved / rps, floor);
                System.exit(1);
            }
        }
        System.exit(0);
    }

    private static long bucketsAbove(List<Instant> arrivals, int rps) {
        return arrivals.stream()
                .collect(Collectors.groupingBy(Instant::getEpochSecond, Collectors.counting()))
                .values()
                .stream()
                .filter(n -> n > rps)
                .count();
    }
}
