package dev.batchjobs.domain.chunks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads results parts ahead of the merge that writes them: up to {@code window} parts are fetched at once, each whole
 * into memory, and handed out strictly in the order of their keys. Memory is bounded by the window times the largest
 * part (one checkpoint's rows); the merge's time is the number of parts over the window times a GET's latency, not
 * the number of parts times it.
 */
final class PartReadAhead implements AutoCloseable {
    private final ResultStorage storage;
    private final Iterator<String> keys;
    private final int window;
    private final ExecutorService pool;
    private final Deque<Future<byte[]>> inFlight = new ArrayDeque<>();

    PartReadAhead(ResultStorage storage, Iterator<String> keys, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("A read-ahead window holds at least one part");
        }
        this.storage = storage;
        this.keys = keys;
        this.window = window;
        this.pool = Executors.newFixedThreadPool(window, r -> {
            Thread thread = new Thread(r, "results-part-read");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The next part's bytes, in key order; empty when every key has been read. */
    Optional<byte[]> next() {
        while (inFlight.size() < window && keys.hasNext()) {
            String key = keys.next();
            inFlight.add(pool.submit(() -> read(key)));
        }
        Future<byte[]> head = inFlight.poll();
        if (head == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(head.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading results parts", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private byte[] read(String key) {
        Optional<InputStream> in = storage.openPart(key);
        if (in.isEmpty()) {
            throw new IllegalStateException("Committed results part is missing: " + key);
        }
        try (InputStream stream = in.get()) {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read results part " + key, e);
        }
    }

    /** Stops the reads still in flight; their bytes are dropped. */
    @Override
    public void close() {
        inFlight.forEach(f -> f.cancel(true));
        inFlight.clear();
        pool.shutdownNow();
    }
}
