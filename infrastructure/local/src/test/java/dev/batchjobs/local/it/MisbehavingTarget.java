package dev.batchjobs.local.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A target API that misbehaves as it is told, row by row: the first attempts at a row get its transient faults
 * (429 with or without Retry-After, 500, 503, an answer slower than the client's timeout, a reset connection), and
 * every later attempt gets the row's final answer (a JSON 200, a 200 that is not JSON, a 5 MB 200, a 400). Rows are
 * told apart by the Idempotency-Key the worker sends ({@code JOB:ROW}). On a real port 0, over real HTTP.
 */
final class MisbehavingTarget implements AutoCloseable {
    /** What one attempt gets. */
    enum Fault {
        RATE_LIMITED_RETRY_AFTER,
        RATE_LIMITED,
        SERVER_ERROR,
        UNAVAILABLE,
        SLOWER_THAN_TIMEOUT,
        CONNECTION_RESET
    }

    /** What a row gets once its faults are spent, and the status the results must show for it. */
    enum Answer {
        OK(200),
        NOT_JSON(200),
        FIVE_MEGABYTES(200),
        REFUSED(400);

        final int status;

        Answer(int status) {
            this.status = status;
        }
    }

    /** One row's script. */
    record Script(List<Fault> faults, Answer answer) {}

    static final int FIVE_MB = 5 * 1024 * 1024;
    private static final String HUGE_BODY = "{\"object\":\"customer\",\"blob\":\"" + "x".repeat(FIVE_MB) + "\"}";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "misbehaving-target");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();
    private final long slowMillis;

    /** @param slowMillis how long a slow answer takes: more than the worker's request timeout */
    MisbehavingTarget(long slowMillis) throws IOException {
        this.slowMillis = slowMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::answer);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Scripts the row whose Idempotency-Key is {@code idempotencyKey}. */
    void script(String idempotencyKey, Script script) {
        scripts.put(idempotencyKey, script);
    }

    /** How many times each fault was served, in all. */
    Map<Fault, AtomicInteger> injected() {
        return injected;
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        Script script = key == null ? null : scripts.get(key);
        if (script == null) {
            send(exchange, 400, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"unscripted\"}}", null);
            return;
        }
        int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
        if (attempt < script.faults().size()) {
            Fault fault = script.faults().get(attempt);
            injected.computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
            switch (fault) {
                case RATE_LIMITED_RETRY_AFTER -> send(exchange, 429, error("rate_limit"), "1");
                case RATE_LIMITED -> send(exchange, 429, error("rate_limit"), null);
                case SERVER_ERROR -> send(exchange, 500, error("api_error"), null);
                case UNAVAILABLE -> send(exchange, 503, "<html>Service Unavailable</html>", null);
                case SLOWER_THAN_TIMEOUT -> {
                    try {
                        // The target is slow: the worker's timeout fires first and it tries again.
                        Thread.sleep(slowMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    send(exchange, 200, "{\"late\":true}", null);
                }
                case CONNECTION_RESET -> exchange.close();
            }
            return;
        }
        switch (script.answer()) {
            case OK -> send(exchange, 200, "{\"object\":\"customer\",\"key\":\"" + key + "\"}", null);
            case NOT_JSON -> send(exchange, 200, "<html>ok, " + key + "</html>", null);
            case FIVE_MEGABYTES -> send(exchange, 200, HUGE_BODY, null);
            case REFUSED -> send(exchange, 400, error("invalid_request_error"), null);
        }
    }

    private static String error(String type) {
        return "{\"error\":{\"type\":\"" + type + "\",\"message\":\"scripted " + type + "\"}}";
    }

    private static void send(HttpExchange exchange, int status, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", body.startsWith("{") ? "application/json" : "text/html");
        if (retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException gone) {
            // The worker gave up on this answer (its timeout): nothing to deliver.
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
