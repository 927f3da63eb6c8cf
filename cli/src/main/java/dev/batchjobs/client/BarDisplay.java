package dev.batchjobs.client;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The live bar on a terminal (me.tongfei progressbar): rows done of the total, rate and ETA drawn by the library,
 * with the status and the succeeded/failed split as its message. Until the total is known the bar is indefinite.
 */
final class BarDisplay implements ProgressDisplay {
    private final PrintStream out;
    private final int width;
    private ProgressBar bar;

    /** @param width the rendered width, or 0 for the terminal's */
    BarDisplay(PrintStream out, int width) {
        this.out = out;
        this.width = width;
    }

    @Override
    public void update(JobView job) {
        if (bar == null) {
            bar = new ProgressBarBuilder()
                    .setTaskName(job.id())
                    .setInitialMax(job.total())
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" rows", 1)
                    .showSpeed()
                    .setUpdateIntervalMillis(250)
                    .setConsumer(
                            width > 0
                                    ? new ConsoleProgressBarConsumer(out, width)
                                    : new ConsoleProgressBarConsumer(out))
                    .build();
        }
        if (job.total() >= 0 && bar.getMax() != job.total()) {
            bar.maxHint(job.total());
        }
        bar.stepTo(job.status().equals("validating") ? 0 : job.processed());
        bar.setExtraMessage(message(job));
        if (job.isFinal()) {
            bar.refresh();
        }
    }

    private static String message(JobView job) {
        // The library puts the message right after the speed: the leading space is the separator.
        return switch (job.status()) {
            case "ready_for_upload" -> " waiting for the upload";
            case "validating" -> " validating, " + job.validated() + " rows";
            default -> " " + job.status() + ", " + job.succeeded() + " ok, " + job.failed() + " failed";
        };
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
        out.flush();
    }
}
