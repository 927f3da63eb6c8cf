package dev.batchjobs.client;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress for logs and pipes: one line each time the status or the counts change, with the rate since the rows
 * began to run and an estimate of the time left when the total is known.
 */
final class LineDisplay implements ProgressDisplay {
    private final PrintStream out;
    private String last = "";
    private long runningSince = -1;
    private long processedAtStart;

    LineDisplay(PrintStream out) {
        this.out = out;
    }

    @Override
    public void update(JobView job) {
        String state = job.status() + "|" + job.validated() + "|" + job.processed();
        if (state.equals(last)) {
            return;
        }
        last = state;
        out.println(line(job));
        out.flush();
    }

    private String line(JobView job) {
        StringBuilder line = new StringBuilder(job.id()).append(' ').append(job.status());
        switch (job.status()) {
            case "ready_for_upload" -> {
                return line.append(": waiting for the upload").toString();
            }
            case "validating" -> {
                return line.append(": ")
                        .append(job.validated())
                        .append(" rows validated")
                        .toString();
            }
            default -> {}
        }
        long processed = job.processed();
        long now = System.nanoTime();
        if (runningSince < 0) {
            runningSince = now;
            processedAtStart = processed;
        }
        line.append(": ").append(processed);
        if (job.total() >= 0) {
            line.append('/').append(job.total());
        }
        line.append(" rows (")
                .append(job.succeeded())
                .append(" succeeded, ")
                .append(job.failed())
                .append(" failed)");
        double seconds = (now - runningSince) / 1e9;
        if (seconds >= 0.5 && processed > processedAtStart) {
            double rate = (processed - processedAtStart) / seconds;
            line.append(String.format(Locale.ROOT, ", %.1f rows/s", rate));
            if (job.total() > processed && !job.isFinal()) {
                line.append(", ETA ").append(eta(Duration.ofSeconds((long)
                        Math.ceil((job.total() - processed) / rate))));
            }
        }
        return line.toString();
    }

    static String eta(Duration left) {
        long s = left.toSeconds();
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    @Override
    public void close() {
        out.flush();
    }
}
