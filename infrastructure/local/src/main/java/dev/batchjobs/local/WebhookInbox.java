package dev.batchjobs.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A webhook receiver built into the local cloud (not part of the product), so a destination can be tried
 * without writing one: {@code POST /_local/webhooks/{name}} keeps the delivery (its {@code Stripe-Signature}
 * and the event) and answers 200; {@code GET} of the same path lists what arrived, oldest first. Keeps the
 * last {@value #KEEP} deliveries of each name, in memory.
 */
final class WebhookInbox {
    static final String PREFIX = "/_local/webhooks/";
    private static final int KEEP = 500;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, Deque<ObjectNode>> inboxes = new ConcurrentHashMap<>();

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = exchange.getRequestURI().getPath().substring(PREFIX.length());
            if (name.isEmpty() || name.contains("/")) {
                respond(exchange, 404, "{\"error\":\"use " + PREFIX + "<name>\"}");
                return;
            }
            Deque<ObjectNode> inbox = inboxes.computeIfAbsent(name, n -> new ArrayDeque<>());
            switch (exchange.getRequestMethod()) {
                case "POST" -> {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    ObjectNode delivery = MAPPER.createObjectNode();
                    delivery.put("received_at", Instant.now().toString());
                    delivery.put("stripe_signature", exchange.getRequestHeaders().getFirst("Stripe-Signature"));
                    JsonNode event;
                    try {
                        event = MAPPER.readTree(body);
                    } catch (IOException e) {
                        event = MAPPER.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
                    }
                    delivery.set("event", event);
                    synchronized (inbox) {
                        inbox.addLast(delivery);
                        while (inbox.size() > KEEP) {
                            inbox.removeFirst();
                        }
                    }
                    respond(exchange, 200, "{\"received\":true}");
                }
                case "GET" -> {
                    ObjectNode root = MAPPER.createObjectNode();
                    ArrayNode data = root.putArray("data");
                    synchronized (inbox) {
                        inbox.forEach(data::add);
                    }
                    respond(exchange, 200, MAPPER.writeValueAsString(root));
                }
                default -> respond(exchange, 405, "{\"error\":\"POST or GET\"}");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
