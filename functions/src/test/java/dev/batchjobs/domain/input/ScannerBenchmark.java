package dev.batchjobs.domain.input;

import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.InputFormat;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Validates N generated rows (streamed, never stored) and prints rows/s, MB/s and the heap's peak use: the check
 * that duplicate detection fits 50 million ids in a 1 GB heap. With {@code both}, the same rows as JSONL and then as
 * CSV in one JVM, and the ratio of their speeds. See BENCHMARKS.md.
 */
public final class ScannerBenchmark {
    private ScannerBenchmark() {}

    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 50_000_000L;
        String which = args.length > 1 ? args[1] : "jsonl";
        double jsonl = which.equals("csv") ? 0 : run("jsonl", InputFormat.JSONL, rows);
        double csv = which.equals("jsonl") ? 0 : run("csv", InputFormat.csv(','), rows);
        if (jsonl > 0 && csv > 0) {
            System.out.printf("csv/jsonl speed (rows/s), this run: %.2f%n", csv / jsonl);
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

    /** Validates the rows in one format; returns rows/s. */
    private static double run(String name, InputFormat format, long rows) {
        Endpoint endpoint = new Endpoint("/v1/customers/:id", HttpMethod.POST, null);
        InputScanner scanner = new InputScanner(InputScanner.Settings.DEFAULT);
        long[] bytes = new long[1];
        long started = System.nanoTime();
        ScanResult result = scanner.scan(
                format,
                generated(format, rows, bytes),
                () -> generated(format, rows, new long[1]),
                Optional.of(endpoint),
                n -> {});
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "%s: rows=%d valid=%s chunks=%d%n",
                name, result.rows(), result.error().isEmpty(), result.chunks().size());
        result.error().ifPresent(e -> System.out.println("error: " + e.describe()));
        System.out.printf(
                "%s: %.1f s, %.0f rows/s, %.1f MB/s, heap limit %d MiB (finishing at all is the memory check)%n",
                name,
                seconds,
                result.rows() / seconds,
                bytes[0] / 1e6 / seconds,
                Runtime.getRuntime().maxMemory() >> 20);
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
                if (position == line.length) {
                    if (row == rows) {
                        return -1;
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
                }
                return line[position++] & 0xff;
            }
        };
    }
}
