package dev.batchjobs.local;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What each function writes to its standard output, kept per function as Lambda keeps it in the function's log
 * group: the metric lines in CloudWatch's embedded metric format, which a test reads back as CloudWatch would.
 * The newest {@link #KEPT} lines of each function are kept.
 */
public final class FunctionLogs {
    static final int KEPT = 20_000;

    private final Map<String, Deque<String>> logs = new ConcurrentHashMap<>();

    /** The standard output of the function with this logical id. */
    Consumer<String> stdout(String function) {
        Deque<String> log = logs.computeIfAbsent(function, name -> new ArrayDeque<>());
        return line -> {
            synchronized (log) {
                if (log.size() == KEPT) {
                    log.removeFirst();
                }
                log.addLast(line);
            }
        };
    }

    /** The lines the function wrote so far, oldest first; empty for a function that wrote none. */
    public List<String> lines(String function) {
        Deque<String> log = logs.get(function);
        if (log == null) {
            return List.of();
        }
        synchronized (log) {
            return List.copyOf(log);
        }
    }
}
