package dev.batchjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.InvalidCursorException;
import dev.batchjobs.domain.events.DestinationService;
import dev.batchjobs.domain.events.EventDestination;
import dev.batchjobs.domain.events.PingDestination;
import dev.batchjobs.json.EventJson;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /v2/core/event_destinations}: create, list, retrieve, update, delete, enable or disable a webhook
 * destination, rotate its signing secret (shown in the answers to create and rotate, and wherever
 * {@code include=webhook_endpoint.signing_secret} asks for it, as Stripe does), and ping it.
 */
final class DestinationsResource {
    private static final Set<String> LIST_PARAMS = Set.of("limit", "page", "include");
    private static final Set<String> RETRIEVE_PARAMS = Set.of("include");

    private final DestinationService destinations;
    private final PingDestination ping;

    DestinationsResource(DestinationService destinations, PingDestination ping) {
        this.destinations = destinations;
        this.ping = ping;
    }

    JsonNode create(Caller caller, ApiRequest request) {
        JsonNode body = Http.jsonBody(request);
        DestinationRequestParser.includesSecret(body);
        return DestinationJson.write(destinations.create(caller, DestinationRequestParser.create(body)), true);
    }

    /** An account has at most {@link DestinationService#MAX_PER_ACCOUNT} destinations: they are paged in memory. */
    JsonNode list(Caller caller, ApiRequest request) {
        QueryParams query = QueryParams.of(request).only(LIST_PARAMS);
        int limit = query.limit();
        List<String> include = query.list("include");
        boolean secret = DestinationRequestParser.includesSecret(include);
        Optional<String> after = query.single("page").map(Paging::after);
        List<EventDestination> all = destinations.list(caller);
        int start = 0;
        if (after.isPresent()) {
            start = -1;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id().equals(after.get())) {
                    start = i + 1;
                }
            }
            if (start < 0) {
                throw new InvalidCursorException();
            }
        }
        List<EventDestination> page = all.subList(start, Math.min(all.size(), start + limit));
        boolean more = start + limit < all.size();
        return Paging.list(
                page.stream().map(d -> DestinationJson.write(d, secret)).toList(),
                more
                        ? "/v2/core/event_destinations?limit=" + limit
                                + include.stream().map(i -> "&include=" + i).collect(Collectors.joining()) + "&page="
                                + Paging.afterToken(page.get(page.size() - 1).id())
                        : null);
    }

    JsonNode retrieve(Caller caller, String id, ApiRequest request) {
        QueryParams query = QueryParams.of(request).only(RETRIEVE_PARAMS);
        boolean secret = DestinationRequestParser.includesSecret(query.list("include"));
        return DestinationJson.write(destinations.retrieve(caller, id), secret);
    }

    JsonNode update(Caller caller, String id, ApiRequest request) {
        JsonNode body = Http.jsonBody(request);
        boolean secret = DestinationRequestParser.includesSecret(body);
        return DestinationJson.write(destinations.update(caller, id, DestinationRequestParser.update(body)), secret);
    }

    JsonNode delete(Caller caller, String id, ApiRequest request) {
        QueryParams.of(request).none();
        destinations.delete(caller, id);
        return DestinationJson.deleted(id);
    }

    JsonNode enable(Caller caller, String id, boolean enabled, ApiRequest request) {
        Http.requireEmptyBody(request);
        return DestinationJson.write(destinations.enable(caller, id, enabled), false);
    }

    JsonNode rotateSecret(Caller caller, String id, ApiRequest request) {
        return DestinationJson.write(
                destinations.rotateSecret(caller, id, DestinationRequestParser.rotate(Http.jsonBody(request))), true);
    }

    JsonNode ping(Caller caller, String id, ApiRequest request) {
        Http.requireEmptyBody(request);
        return EventJson.write(ping.ping(caller, id));
    }
}
