package dev.batchjobs.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * EventBridge's PutEvents on AWS's wire protocol (JSON 1.1, {@code X-Amz-Target: AWSEvents.PutEvents}), so the
 * production {@code EventBridgeClient} works unchanged: each entry becomes the envelope EventBridge delivers
 * ({@code version, id, detail-type, source, account, time, region, resources, detail}) on the named bus.
 */
final class LocalEventBusEndpoint implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final LoopbackServer server;
    private final LocalEventBridge eventBridge;

    private LocalEventBusEndpoint(LoopbackServer server, LocalEventBridge eventBridge) {
        this.server = server;
        this.eventBridge = eventBridge;
    }

    static LocalEventBusEndpoint start(LocalEventBridge eventBridge) throws IOException {
        LoopbackServer server = LoopbackServer.bind(0, 64, 0, "local-event-bus");
        LocalEventBusEndpoint endpoint = new LocalEventBusEndpoint(server, eventBridge);
        server.handle("/", endpoint::handle).start();
        return endpoint;
    }

    URI endpoint() {
        return server.baseUrl();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        if (!target.equals("AWSEvents.PutEvents")) {
            LoopbackServer.respond(
                    exchange,
                    400,
                    CONTENT_TYPE,
                    "{\"__type\":\"UnknownOperationException\",\"message\":\"The local cloud does not serve " + target
                            + "\"}");
            return;
        }
        JsonNode body = MAPPER.readTree(LoopbackServer.readBody(exchange));
        ObjectNode response = MAPPER.createObjectNode();
        ArrayNode results = response.putArray("Entries");
        int failed = 0;
        for (JsonNode entry : body.path("Entries")) {
            JsonNode detail;
            try {
                detail = MAPPER.readTree(entry.path("Detail").asText());
            } catch (IOException e) {
                detail = null;
            }
            if (detail == null || !detail.isObject()) {
                failed++;
                results.addObject()
                        .put("ErrorCode", "MalformedDetail")
                        .put("ErrorMessage", "Detail is not a JSON object");
                continue;
            }
            String id = UUID.randomUUID().toString();
            ObjectNode event = MAPPER.createObjectNode();
            event.put("version", "0");
            event.put("id", id);
            event.put("detail-type", entry.path("DetailType").asText());
            event.put("source", entry.path("Source").asText());
            event.put("account", LocalAws.ACCOUNT_ID);
            Instant time = entry.hasNonNull("Time")
                    ? Instant.ofEpochMilli((long) (entry.get("Time").asDouble() * 1000))
                    : Instant.now();
            event.put("time", DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS)));
            event.put("region", LocalAws.REGION);
            event.set("resources", entry.has("Resources") ? entry.get("Resources") : MAPPER.createArrayNode());
            event.set("detail", detail);
            String bus = entry.path("EventBusName").asText(LocalEventBridge.DEFAULT_BUS);
            // A bus may be named by its ARN (arn:aws:events:region:account:event-bus/NAME).
            eventBridge.put(bus.startsWith("arn:") ? bus.substring(bus.lastIndexOf('/') + 1) : bus, event);
            results.addObject().put("EventId", id);
        }
        response.put("FailedEntryCount", failed);
        LoopbackServer.respond(exchange, 200, CONTENT_TYPE, MAPPER.writeValueAsString(response));
    }

    @Override
    public void close() {
        server.close();
    }
}
