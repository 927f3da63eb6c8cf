package dev.batchjobs.local.it;

import dev.batchjobs.local.sandbox.SandboxTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/**
 * Runs N rows at maximum_rps R through the chunk worker against the sandbox target on the local cloud and
 * prints the achieved rate as a fraction of R, and the one-second windows above R, at the worker (starts)
 * and at the target (arrivals). {@code -Dbenchmark.mode}: {@code onward} runs the job as the worker does (one run
 * through consecutive chunks), {@code chunked} a run per chunk (as before issue 16's item 4), {@code both} (or
 * {@code onward,chunked}, the other order) the two, one job each, side by side in one JVM. See BENCHMARKS.md for the command.
 */
public final class WorkerRateBenchmark {
    private WorkerRateBenchmark() {}

    /** What one job's run measured. */
    private record Measured(double achieved, double wall) {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rowsPerChunk = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        String mode = System.getProperty("benchmark.mode", "onward");
        try (SandboxTarget sandbox = SandboxTarget.start(0)) {
            Measured last = null;
            Measured chunked = null;
            List<String> modes = List.of((mode.equals("both") ? "chunked,onward" : mode).split(","));
            Measured onward = null;
            for (String each : modes) {
                last = run(sandbox, each, rows, rps, rowsPerChunk);
                if (each.equals("chunked")) {
                    chunked = last;
                } else {
                    onward = last;
                }
            }
            if (chunked != null && onward != null) {
                System.out.printf(
                        "side by side: achieved onward / chunked = %.3f / %.3f = %.3f; wall %.2fs / %.2fs%n",
                        onward.achieved() / rps,
                        chunked.achieved() / rps,
                        onward.achieved() / chunked.achieved(),
                        onward.wall(),
                        chunked.wall());
            }
            // -Dbenchmark.floor=F (CI): fail when the achieved rate falls under F of maximum_rps, a regression.
            double floor = Double.parseDouble(System.getProperty("benchmark.floor", "0"));
            if (last.achieved() / rps < floor) {
                System.out.printf(
                        "FAILED: achieved %.3f of maximum_rps, under the floor %.2f%n", last.achieved() / rps, floor);
                System.exit(1);
            }
        }
        System.exit(0);
    }

    private static Measured run(SandboxTarget sandbox, String mode, int rows, int rps, int rowsPerChunk)
            throws Exception {
        WorkerFixture fixture = new WorkerFixture(sandbox, rows, rps, rowsPerChunk);
        int before = sandbox.arrivals().size();
        long started = System.nanoTime();
        if (mode.equals("chunked")) {
            fixture.runAllChunks();
        } else {
            fixture.runOnward();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        List<Instant> all = sandbox.arrivals();
        List<Instant> arrivals = all.subList(before, all.size());
        double achieved = WorkerFixture.arrivalRate(arrivals);
        System.out.printf(
                "[%s] rows=%d maximum_rps=%d chunks=%d wall=%.2fs%n", mode, rows, rps, fixture.chunkCount, seconds);
        System.out.printf(
                "[%s] achieved rate at the target: %.2f/s = %.3f of maximum_rps%n", mode, achieved, achieved / rps);
        System.out.printf(
                "[%s] sliding 1 s windows above %d: busiest at the worker %d, at the target %d%n",
                mode,
                rps,
                WorkerFixture.busiestOneSecondWindow(fixture.starts),
                WorkerFixture.busiestOneSecondWindow(arrivals));
        System.out.printf(
                "[%s] fixed 1 s buckets above %d at the target: %d%n", mode, rps, bucketsAbove(arrivals, rps));
        System.out.printf(
                "[%s] gap between starts at a chunk boundary: mean %.1f ms, longest %.1f ms (elsewhere: median %.1f ms)%n",
                mode,
                boundaryGaps(fixture.starts, rowsPerChunk).average().orElse(0),
                boundaryGaps(fixture.starts, rowsPerChunk).max().orElse(0),
                medianGap(fixture.starts, rowsPerChunk));
        System.out.printf(
                "[%s] rows counted: %d succeeded, %d failed (every tenth row is a 404 by design)%n",
                mode, fixture.counts().succeeded(), fixture.counts().failed());
        return new Measured(achieved, seconds);
    }

    /** The time from each chunk's last start to the next chunk's first, in ms (no retries: start i is row i's). */
    private static DoubleStream boundaryGaps(List<Instant> starts, int rowsPerChunk) {
        return IntStream.iterate(rowsPerChunk, b -> b < starts.size(), b -> b + rowsPerChunk)
                .mapToDouble(b -> gapMillis(starts, b));
    }

    private static double medianGap(List<Instant> starts, int rowsPerChunk) {
        double[] inside = IntStream.range(1, starts.size())
                .filter(i -> i % rowsPerChunk != 0)
                .mapToDouble(i -> gapMillis(starts, i))
                .sorted()
                .toArray();
        return inside.length == 0 ? 0 : inside[inside.length / 2];
    }

    private static double gapMillis(List<Instant> starts, int i) {
        return Duration.between(starts.get(i - 1), starts.get(i)).toNanos() / 1e6;
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
