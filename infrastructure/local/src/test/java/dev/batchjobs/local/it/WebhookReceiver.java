package dev.batchjobs.local.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver as a customer would write one: it verifies {@code Stripe-Signature} the way Stripe's
 * SDKs do (HMAC-SHA256 of {@code t.payload} with the endpoint secret, constant-time comparison, timestamp
 * within five minutes) and records every delivery. Each path answers as it is told: 200, a status, or a
 * number of failures before 200.
 */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One delivery: the event, and the exact body and {@code Stripe-Signature} header, for an SDK to verify. */
    record Received(
            String path, JsonNode event, boolean signatureValid, int answered, String payload, String signature) {
        String type() {
            return event.path("type").asText();
        }

        String jobId() {
            return event.path("related_object").path("id").asText();
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Integer> alwaysAnswer = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL of a path, and the secret its deliveries must be signed with (set once the destination exists). */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void secret(String path, String secret) {
        secrets.put(path, secret);
    }

    void alwaysAnswer(String path, int status) {
        alwaysAnswer.put(path, status);
    }

    void failFirst(String path, int failures) {
        failuresLeft.put(path, new AtomicInteger(failures));
    }

    synchronized List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    synchronized List<Received> all() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String signature = exchange.getRequestHeaders().getFirst("Stripe-Signature");
            boolean valid = verify(payload, signature, secrets.get(path));
            int status = alwaysAnswer.getOrDefault(path, 200);
            AtomicInteger failures = failuresLeft.get(path);
            if (failures != null && failures.getAndDecrement() > 0) {
                status = 503;
            }
            synchronized (this) {
                received.add(new Received(path, MAPPER.readTree(payload), valid, status, payload, signature));
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    /** Stripe's verification: any v1 matching, and a timestamp within the tolerance. */
    static boolean verify(String payload, String header, String secret) {
        if (header == null || secret == null) {
            return false;
        }
        long timestamp = -1;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2 && kv[0].equals("t")) {
                timestamp = Long.parseLong(kv[1]);
            } else if (kv.length == 2 && kv[0].equals("v1")) {
                signatures.add(kv[1]);
            }
        }
        if (timestamp < 0 || Math.abs(Instant.now().getEpochSecond() - timestamp) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            for (String signature : signatures) {
                if (MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
