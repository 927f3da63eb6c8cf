package dev.batchjobs.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
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
        String name = exchange.getRequestURI().getPath().substring(PREFIX.length());
        if (name.isEmpty() || name.contains("/")) {
            LoopbackServer.respond(exchange, 404, "application/json", "{\"error\":\"use " + PREFIX + "<name>\"}");
            return;
        }
        Deque<ObjectNode> inbox = inboxes.computeIfAbsent(name, n -> new ArrayDeque<>());
        switch (exchange.getRequestMethod()) {
            case "POST" -> {
                byte[] body = LoopbackServer.readBody(exchange);
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
                LoopbackServer.respond(exchange, 200, "application/json", "{\"received\":true}");
            }
            case "GET" -> {
                ObjectNode root = MAPPER.createObjectNode();
                ArrayNode data = root.putArray("data");
                synchronized (inbox) {
                    inbox.forEach(data::add);
                }
                LoopbackServer.respond(exchange, 200, "application/json", MAPPER.writeValueAsString(root));
            }
            default -> LoopbackServer.respond(exchange, 405, "application/json", "{\"error\":\"POST or GET\"}");
        }
    }
}
