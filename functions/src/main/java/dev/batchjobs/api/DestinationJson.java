package dev.batchjobs.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.events.EventDestination;
import dev.batchjobs.json.Json;

/**
 * The {@code v2.core.event_destination} object, shaped as Stripe's: a {@code webhook_endpoint} destination
 * with thin payloads. The signing secret appears only in the answers to create and rotate.
 */
final class DestinationJson {
    private DestinationJson() {}

    static ObjectNode write(EventDestination destination, boolean showSecret) {
        ObjectNode node = Json.object();
        node.put("id", destination.id());
        node.put("object", "v2.core.event_destination");
        node.put("created", Json.timestamp(destination.created()));
        node.put("updated", Json.timestamp(destination.updated()));
        node.put("livemode", destination.livemode());
        node.put("name", destination.name());
        node.put("description", destination.description());
        ArrayNode events = node.putArray("enabled_events");
        destination.enabledEvents().forEach(events::add);
        node.put("event_payload", "thin");
        node.putArray("events_from").add("self");
        ObjectNode metadata = node.putObject("metadata");
        destination.sortedMetadata().forEach(metadata::put);
        node.put("status", destination.enabled() ? "enabled" : "disabled");
        if (destination.enabled()) {
            node.putNull("status_details");
        } else {
            node.putObject("status_details").putObject("disabled").put("reason", "user");
        }
        node.put("type", "webhook_endpoint");
        ObjectNode endpoint = node.putObject("webhook_endpoint");
        if (showSecret) {
            endpoint.put("signing_secret", destination.secret());
        } else {
            endpoint.putNull("signing_secret");
        }
        endpoint.put("url", destination.url());
        return node;
    }

    static ObjectNode deleted(String id) {
        ObjectNode node = Json.object();
        node.put("id", id);
        node.put("object", "v2.core.event_destination");
        node.put("deleted", true);
        return node;
    }
}
