package dev.batchjobs.local.it;

import dev.batchjobs.local.LoopbackServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A target with a capacity, as a rate-limited API has: it accepts at most {@code capacity} requests in any
 * one-second window and answers the rest 429 with {@code Retry-After: 1}, in Stripe's error envelope. A client that
 * sends 30% above the capacity sees about 30% 429s.
 */
final class ThrottlingTarget implements AutoCloseable {
    private final int capacity;
    private final LoopbackServer server;
    private final Deque<Long> accepted = new ArrayDeque<>();
    private final List<Instant> arrivals = new ArrayList<>();
    private final AtomicInteger throttled = new AtomicInteger();

    private ThrottlingTarget(int capacity) throws IOException {
        this.capacity = capacity;
        this.server = LoopbackServer.bind(0, 256, 32, "throttling-target");
        server.handle("/", exchange -> {
            LoopbackServer.readBody(exchange);
            if (admit()) {
                LoopbackServer.respond(exchange, 200, "application/json", "{\"object\": \"customer\"}");
            } else {
                LoopbackServer.respond(
                        exchange,
                        429,
                        Map.of("Content-Type", "application/json", "Retry-After", "1"),
                        ("{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"rate_limit\", \"message\":"
                                        + " \"Too many requests.\"}}")
                                .getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
    }

    static ThrottlingTarget start(int capacity) throws IOException {
        return new ThrottlingTarget(capacity);
    }

    private synchronized boolean admit() {
        long now = System.currentTimeMillis();
        arrivals.add(Instant.ofEpochMilli(now));
        while (!accepted.isEmpty() && accepted.peekFirst() <= now - 1_000) {
            accepted.removeFirst();
        }
        if (accepted.size() < capacity) {
            accepted.addLast(now);
            return true;
        }
        throttled.incrementAndGet();
        return false;
    }

    URI baseUrl() {
        return server.baseUrl();
    }

    synchronized List<Instant> arrivals() {
        return new ArrayList<>(arrivals);
    }

    int throttled() {
        return throttled.get();
    }

    @Override
    public void close() {
        server.close();
    }
}
