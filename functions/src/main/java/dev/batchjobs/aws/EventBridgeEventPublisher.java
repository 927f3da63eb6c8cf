package dev.batchjobs.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.events.EventPublisher;
import dev.batchjobs.domain.events.JobEvent;
import dev.batchjobs.json.EventJson;
import dev.batchjobs.json.Json;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * Puts events on the product's EventBridge bus: {@code source} {@value #SOURCE}, {@code detail-type} the event
 * type, {@code detail} {@code {"account_id", "event": <the thin event>}}. Any entry the bus refuses fails the
 * whole call, leaving the batch unpublished for the sweeper (republishing the accepted ones is allowed).
 */
public final class EventBridgeEventPublisher implements EventPublisher {
    public static final String SOURCE = "batchjobs";
    /** PutEvents takes at most ten entries. */
    private static final int MAX_ENTRIES = 10;

    private final EventBridgeClient eventBridge;
    private final String busName;

    public EventBridgeEventPublisher(EventBridgeClient eventBridge, String busName) {
        this.eventBridge = eventBridge;
        this.busName = busName;
    }

    @Override
    public void publish(List<JobEvent> events) {
        for (int from = 0; from < events.size(); from += MAX_ENTRIES) {
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (JobEvent event : events.subList(from, Math.min(events.size(), from + MAX_ENTRIES))) {
                entries.add(PutEventsRequestEntry.builder()
                        .eventBusName(busName)
                        .source(SOURCE)
                        .detailType(event.type())
                        .time(event.created())
                        .resources(List.of())
                        .detail(detail(event))
                        .build());
            }
            PutEventsResponse response = eventBridge.putEvents(b -> b.entries(entries));
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                throw new IllegalStateException(response.failedEntryCount() + " of " + entries.size()
                        + " events were refused by the bus: "
                        + response.entries().stream()
                                .filter(e -> e.errorCode() != null)
                                .map(e -> e.errorCode() + " " + e.errorMessage())
                                .toList());
            }
        }
    }

    static String detail(JobEvent event) {
        ObjectNode detail = Json.object();
        detail.put("account_id", event.accountId());
        detail.set("event", EventJson.write(event));
        return Json.write(detail);
    }
}
