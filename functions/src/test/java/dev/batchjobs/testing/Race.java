package dev.batchjobs.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs callables at once, released together by a barrier, and tells which returned and which threw. */
public final class Race {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /** What one contestant did: its value, or what it threw. */
    public record Outcome<T>(T value, Throwable thrown) {
        public boolean won() {
            return thrown == null;
        }
    }

    private Race() {}

    @SafeVarargs
    public static <T> List<Outcome<T>> run(Callable<T>... contestants) {
        return run(List.of(contestants));
    }

    public static <T> List<Outcome<T>> run(List<Callable<T>> contestants) {
        CyclicBarrier start = new CyclicBarrier(contestants.size());
        ExecutorService pool = Executors.newFixedThreadPool(contestants.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> contestant : contestants) {
                futures.add(pool.submit(() -> {
                    start.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                    return contestant.call();
                }));
            }
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> future : futures) {
                outcomes.add(outcome(future));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> Outcome<T> outcome(Future<T> future) {
        try {
            return new Outcome<>(future.get(DEADLINE.toSeconds(), TimeUnit.SECONDS), null);
        } catch (ExecutionException e) {
            return new Outcome<>(null, e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("a contestant did not finish within " + DEADLINE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
