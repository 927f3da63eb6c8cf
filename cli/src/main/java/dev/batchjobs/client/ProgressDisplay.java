package dev.batchjobs.client;

import java.io.PrintStream;
import java.lang.reflect.Method;

/** Shows a job's progress as it is polled: a live bar on a terminal, one line per change elsewhere. */
interface ProgressDisplay extends AutoCloseable {
    void update(JobView job);

    @Override
    void close();

    /** How progress is shown: {@code auto} picks {@code bar} on a terminal and {@code lines} otherwise. */
    enum Mode {
        auto,
        bar,
        lines,
        none
    }

    static ProgressDisplay create(Mode mode, PrintStream out) {
        Mode chosen = mode == Mode.auto ? (stdoutIsTerminal() ? Mode.bar : Mode.lines) : mode;
        return switch (chosen) {
            case bar -> new BarDisplay(out, stdoutIsTerminal() ? 0 : 160);
            case lines -> new LineDisplay(out);
            case none, auto ->
                new ProgressDisplay() {
                    @Override
                    public void update(JobView job) {}

                    @Override
                    public void close() {}
                };
        };
    }

    /**
     * Whether stdout is a terminal. {@code System.console()} is null when it is not, up to Java 21; from Java 22 it
     * is always there and {@code Console.isTerminal()} tells.
     */
    private static boolean stdoutIsTerminal() {
        var console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = console.getClass().getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
