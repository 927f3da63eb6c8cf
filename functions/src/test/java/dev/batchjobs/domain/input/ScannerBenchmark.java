package dev.batchjobs.domain.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.InputFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Two benchmarks of input validation (see BENCHMARKS.md).
 *
 * <p>{@code file} (the default): N JSONL rows written to a file, then, in this one JVM and round after round, a plain
 * Jackson streaming parse of that file (one {@link JsonParser} reading every token, nothing checked) and the
 * validation of the same file by {@link InputScanner} with every rule on; each round prints both speeds and their
 * ratio. Then {@code jq empty} over the same file, when jq is on the PATH. Run in a small heap, it is also the check
 * that the file validates in it.
 *
 * <p>{@code generated}: N rows made as they are read and never stored, the check that duplicate detection fits 50
 * million ids in a 1 GB heap; with format {@code both}, the same rows as JSONL and then as CSV, and the ratio of their
 * speeds.
 */
public final class ScannerBenchmark {
    private static final Endpoint CUSTOMERS = new Endpoint("/v1/customers/:id", HttpMethod.POST, null);

    private ScannerBenchmark() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        String which = args.length > 1 ? args[1] : "jsonl";
        String mode = args.length > 2 ? args[2] : "file";
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        double floor = args.length > 4 ? Double.parseDouble(args[4]) : 0;
        System.out.printf(
                "heap limit %d MiB, JVM options %s%n",
                Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (mode.equals("file")) {
            double median = againstJackson(rows, rounds);
            if (median < floor) {
                System.out.printf("validation/jackson median %.2f is under the floor %.2f%n", median, floor);
                System.exit(1);
            }
        } else {
            double jsonl = which.equals("csv") ? 0 : generatedRun("jsonl", InputFormat.JSONL, rows);
            double csv = which.equals("jsonl") ? 0 : generatedRun("csv", InputFormat.csv(','), rows);
            if (jsonl > 0 && csv > 0) {
                System.out.printf("csv/jsonl speed (rows/s), this run: %.2f%n", csv / jsonl);
            }
        }
        // Each pool's own peak over the whole run; they happen at different moments, so they must not be added up.
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                System.out.printf(
                        "  peak of %s: %d MiB%n",
                        pool.getName(), pool.getPeakUsage().getUsed() >> 20);
            }
        }
    }

    /** Rounds of Jackson, then the scanner, over one file; then jq once. Returns the median validation/jackson. */
    private static double againstJackson(long rows, int rounds) throws IOException, InterruptedException {
        Path file = Path.of("target", "scanner-benchmark", rows + "-rows.jsonl");
        Files.createDirectories(file.getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                InputStream in = generated(InputFormat.JSONL, rows, new long[1])) {
            in.transferTo(out);
        }
        double megabytes = Files.size(file) / 1e6;
        System.out.printf("file %s: %d rows, %.1f MB%n", file, rows, megabytes);
        List<Double> ratios = new ArrayList<>();
        double[] best = {0, 0};
        for (int round = 1; round <= rounds; round++) {
            Timing jackson = timed(() -> jacksonTokens(file));
            Timing scanner = timed(() -> validate(file, rows));
            double ratio = jackson.cpuSeconds() / scanner.cpuSeconds();
            ratios.add(ratio);
            best[0] = Math.max(best[0], megabytes / jackson.cpuSeconds());
            best[1] = Math.max(best[1], megabytes / scanner.cpuSeconds());
            System.out.printf(
                    "round %d: jackson %.1f MB/s (wall %.1f), validation %.1f MB/s (wall %.1f), validation/jackson %.2f"
                            + " (wall %.2f)%n",
                    round,
                    megabytes / jackson.cpuSeconds(),
                    megabytes / jackson.wallSeconds(),
                    megabytes / scanner.cpuSeconds(),
                    megabytes / scanner.wallSeconds(),
                    ratio,
                    jackson.wallSeconds() / scanner.wallSeconds());
        }
        List<Double> sorted = ratios.stream().sorted().toList();
        System.out.printf(
                "validation/jackson (CPU time) over %d rounds: median %.2f, min %.2f, max %.2f; best speeds: jackson"
                        + " %.1f MB/s, validation %.1f MB/s%n",
                rounds, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), best[0], best[1]);
        jq(file, megabytes);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * {@code jq empty} over the file, its CPU time (user + system, from the shell's {@code times}) and wall time, next
     * to one more validation run.
     */
    private static void jq(Path file, double megabytes) throws IOException, InterruptedException {
        Process process;
        long started = System.nanoTime();
        try {
            process = new ProcessBuilder(
                            "bash",
                            "-c",
                            "command -v jq >/dev/null || exit 127; jq empty \"$1\" && times",
                            "_",
                            file.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            System.out.println("jq: not measured (" + e.getMessage() + ")");
            return;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double wall = (System.nanoTime() - started) / 1e9;
        if (exit == 127) {
            System.out.println("jq: not available on this machine");
            return;
        }
        // times prints the shell's user and system time, then its children's: "0m1.234s 0m0.056s".
        String[] lines = output.strip().split("\n");
        String[] children = lines[lines.length - 1].trim().split("\\s+");
        double cpu = seconds(children[0]) + seconds(children[1]);
        Timing scanner = timed(() -> validate(file, -1));
        System.out.printf(
                "jq empty: exit %d, %.1f MB/s (wall %.1f); validation right after: %.1f MB/s (wall %.1f), validation/jq"
                        + " %.1f (wall %.1f)%n",
                exit,
                megabytes / cpu,
                megabytes / wall,
                megabytes / scanner.cpuSeconds(),
                megabytes / scanner.wallSeconds(),
                cpu / scanner.cpuSeconds(),
                wall / scanner.wallSeconds());
    }

    private static double seconds(String minutesAndSeconds) {
        int m = minutesAndSeconds.indexOf('m');
        return Integer.parseInt(minutesAndSeconds.substring(0, m)) * 60
                + Double.parseDouble(minutesAndSeconds.substring(m + 1, minutesAndSeconds.length() - 1));
    }

    private static long jacksonTokens(Path file) {
        long tokens = 0;
        try (JsonParser parser = new JsonFactory().createParser(Files.newInputStream(file))) {
            while (parser.nextToken() != null) {
                tokens++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }

    private static void validate(Path file, long expectedRows) {
        ScanResult result = new InputScanner(InputScanner.Settings.DEFAULT)
                .scan(InputFormat.JSONL, open(file), () -> open(file), Optional.of(CUSTOMERS), n -> {}, size(file));
        if (result.error().isPresent() || (expectedRows >= 0 && result.rows() != expectedRows)) {
            throw new IllegalStateException("validation failed: " + result.rows() + " rows, " + result.error());
        }
    }

    /** The file's size, which Prepare knows from S3 and hands to the scanner too. */
    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CPU time is the measure: this thread's (everything measured runs on it) plus the collector's pauses (the serial
     * collector works in those pauses, on one thread). On a shared machine the wall time also counts the time other
     * processes held the cores, which differs from one run to the next.
     */
    private record Timing(double cpuSeconds, double wallSeconds) {}

    private static Timing timed(Runnable work) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long gc = gcMillis();
        long wall = System.nanoTime();
        work.run();
        return new Timing(
                (threads.getCurrentThreadCpuTime() - cpu) / 1e9 + (gcMillis() - gc) / 1e3,
                (System.nanoTime() - wall) / 1e9);
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }

    /** Validates generated rows in one format; returns rows/s. */
    private static double generatedRun(String name, InputFormat format, long rows) {
        InputScanner scanner = new InputScanner(InputScanner.Settings.DEFAULT);
        long[] bytes = new long[1];
        long started = System.nanoTime();
        ScanResult result = scanner.scan(
                format,
                generated(format, rows, bytes),
                () -> generated(format, rows, new long[1]),
                Optional.of(CUSTOMERS),
                n -> {});
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "%s: rows=%d valid=%s chunks=%d%n",
                name, result.rows(), result.error().isEmpty(), result.chunks().size());
        result.error().ifPresent(e -> System.out.println("error: " + e.describe()));
        System.out.printf(
                "%s: %.1f s, %.0f rows/s, %.1f MB/s (finishing at all is the memory check)%n",
                name, seconds, result.rows() / seconds, bytes[0] / 1e6 / seconds);
        return result.rows() / seconds;
    }

    /**
     * Rows {"id": "row_N", "path_params": {"id": "cus_N"}, "params": {"name": "Customer, N", "metadata": {...}}}, or the
     * same as CSV (the name quoted, as it holds the delimiter), made as they are read.
     */
    private static InputStream generated(InputFormat format, long rows, long[] counted) {
        return new InputStream() {
            private long row = format.isCsv() ? -1 : 0;
            private byte[] line = new byte[0];
            private int position;

            @Override
            public int read() {
                if (position == line.length && !nextLine()) {
                    return -1;
                }
                return line[position++] & 0xff;
            }

            @Override
            public int read(byte[] into, int offset, int length) {
                if (length == 0) {
                    return 0;
                }
                if (position == line.length && !nextLine()) {
                    return -1;
                }
                int n = Math.min(length, line.length - position);
                System.arraycopy(line, position, into, offset, n);
                position += n;
                return n;
            }

            private boolean nextLine() {
                if (row == rows) {
                    return false;
                }
                String text = row < 0
                        ? "id,path_params.id,params.name,params.metadata.n\n"
                        : format.isCsv()
                                ? "row_" + row + ",cus_" + row + ",\"Customer, " + row + "\"," + (row % 97) + "\n"
                                : "{\"id\": \"row_" + row + "\", \"path_params\": {\"id\": \"cus_" + row
                                        + "\"}, \"params\": {\"name\": \"Customer, " + row
                                        + "\", \"metadata\": {\"n\": \"" + (row % 97) + "\"}}}\n";
                line = text.getBytes(StandardCharsets.US_ASCII);
                position = 0;
                row++;
                counted[0] += line.length;
                return true;
            }
        };
    }
}
