package dev.batchjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.InvalidParameterException;
import dev.batchjobs.domain.ResourceMissingException;
import dev.batchjobs.domain.events.EventPage;
import dev.batchjobs.domain.events.EventQuery;
import dev.batchjobs.domain.events.EventStore;
import dev.batchjobs.json.EventJson;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** {@code /v2/core/events}: list and retrieve the account's events. */
final class EventsResource {
    private static final Set<String> LIST_PARAMS = Set.of("limit", "page", "object_id", "types");
    private static final Pattern TYPE = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)+");

    private final EventStore events;

    EventsResource(EventStore events) {
        this.events = events;
    }

    /**
     * Filtered by {@code object_id} and by {@code types} (repeated, or comma-separated: any of them), paged by the
     * store's cursor, which passes through unchanged.
     */
    JsonNode list(Caller caller, ApiRequest request) {
        QueryParams query = QueryParams.of(request).only(LIST_PARAMS);
        int limit = query.limit();
        Optional<String> objectId = query.single("object_id");
        Set<String> types = new TreeSet<>(query.list("types"));
        types.stream().filter(t -> !TYPE.matcher(t).matches()).findFirst().ifPresent(t -> {
            throw InvalidParameterException.invalid(
                    "types", "expected event types such as v2.core.batch_job.completed, received '" + t + "'");
        });
        EventPage page = events.list(caller.scope(), new EventQuery(objectId, types, limit, query.single("page")));
        return Paging.list(
                page.events().stream().map(EventJson::write).toList(),
                page.nextCursor()
                        .map(cursor -> "/v2/core/events?limit=" + limit
                                + objectId.map(o -> "&object_id=" + Paging.encode(o))
                                        .orElse("")
                                + types.stream()
                                        .map(t -> "&types=" + Paging.encode(t))
                                        .collect(Collectors.joining())
                                + "&page=" + Paging.encode(cursor))
                        .orElse(null));
    }

    JsonNode retrieve(Caller caller, String id, ApiRequest request) {
        QueryParams.of(request).none();
        return EventJson.write(
                events.find(caller.scope(), id).orElseThrow(() -> new ResourceMissingException("v2.core.event", id)));
    }
}
