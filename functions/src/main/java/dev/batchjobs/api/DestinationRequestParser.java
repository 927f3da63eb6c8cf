package dev.batchjobs.api;

import static dev.batchjobs.api.CreateJobRequestParser.kind;
import static dev.batchjobs.api.CreateJobRequestParser.rejectUnknown;
import static dev.batchjobs.api.CreateJobRequestParser.requireObject;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.InvalidParameterException;
import dev.batchjobs.domain.events.DestinationCommand;
import dev.batchjobs.domain.events.DestinationService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the JSON bodies of the event destination routes into commands, naming the field at fault. Accepts
 * Stripe's shape ({@code type: "webhook_endpoint"}, {@code webhook_endpoint.url}, {@code event_payload: "thin"})
 * and a top-level {@code url} as a shorthand.
 */
final class DestinationRequestParser {
    private static final Set<String> CREATE_FIELDS = Set.of(
            "url",
            "webhook_endpoint",
            "enabled_events",
            "name",
            "description",
            "metadata",
            "type",
            "event_payload",
            "events_from",
            "include");
    private static final Set<String> UPDATE_FIELDS =
            Set.of("url", "webhook_endpoint", "enabled_events", "name", "description", "metadata", "include");
    /** What Stripe's {@code include} may ask for; the URL is always shown, the secret only when asked. */
    static final Set<String> INCLUDES = Set.of("webhook_endpoint.url", "webhook_endpoint.signing_secret");

    static final String SIGNING_SECRET = "webhook_endpoint.signing_secret";
    private static final Set<String> ENDPOINT_FIELDS = Set.of("url");
    private static final Set<String> ROTATE_FIELDS = Set.of("expire_previous_secret_in");

    private DestinationRequestParser() {}

    static DestinationCommand create(JsonNode body) {
        requireObject(body, "request body");
        rejectUnknown(body, CREATE_FIELDS, "");
        constant(body, "type", "webhook_endpoint");
        constant(body, "event_payload", "thin");
        JsonNode from = body.get("events_from");
        if (from != null
                && !from.isNull()
                && !(from.isArray()
                        && from.size() == 1
                        && "self".equals(from.get(0).asText()))) {
            throw InvalidParameterException.invalid("events_from", "only [\"self\"] is supported");
        }
        return command(body);
    }

    static DestinationCommand update(JsonNode body) {
        requireObject(body, "request body");
        rejectUnknown(body, UPDATE_FIELDS, "");
        return command(body);
    }

    /** Whether the body's {@code include} asks for the signing secret; an unknown value is a 400 naming it. */
    static boolean includesSecret(JsonNode body) {
        JsonNode include = body.get("include");
        if (include == null || include.isNull()) {
            return false;
        }
        if (!include.isArray()) {
            throw InvalidParameterException.invalid("include", "expected an array, received " + kind(include));
        }
        List<String> values = new ArrayList<>();
        include.forEach(item -> values.add(item.isTextual() ? item.textValue() : item.toString()));
        return includesSecret(values);
    }

    static boolean includesSecret(List<String> include) {
        for (String value : include) {
            if (!INCLUDES.contains(value)) {
                throw InvalidParameterException.invalid(
                        "include",
                        "expected webhook_endpoint.signing_secret or webhook_endpoint.url, received '" + value + "'");
            }
        }
        return include.contains(SIGNING_SECRET);
    }

    static Duration rotate(JsonNode body) {
        requireObject(body, "request body");
        rejectUnknown(body, ROTATE_FIELDS, "");
        JsonNode node = body.get("expire_previous_secret_in");
        if (node == null || node.isNull()) {
            return DestinationService.MAX_SECRET_OVERLAP;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw InvalidParameterException.invalid(
                    "expire_previous_secret_in", "expected a number of seconds, received " + kind(node));
        }
        return Duration.ofSeconds(node.longValue());
    }

    private static DestinationCommand command(JsonNode body) {
        return new DestinationCommand(
                url(body),
                events(body.get("enabled_events")),
                optionalString(body, "name"),
                optionalString(body, "description"),
                body.hasNonNull("metadata")
                        ? Optional.of(CreateJobRequestParser.metadata(body.get("metadata")))
                        : Optional.empty());
    }

    private static Optional<String> url(JsonNode body) {
        Optional<String> top = optionalString(body, "url");
        JsonNode endpoint = body.get("webhook_endpoint");
        if (endpoint == null || endpoint.isNull()) {
            return top;
        }
        requireObject(endpoint, "webhook_endpoint");
        rejectUnknown(endpoint, ENDPOINT_FIELDS, "webhook_endpoint.");
        Optional<String> nested = optionalString(endpoint, "url").map(String::strip);
        if (top.isPresent() && nested.isPresent()) {
            throw InvalidParameterException.invalid("url", "give either url or webhook_endpoint.url, not both");
        }
        return nested.or(() -> top);
    }

    private static Optional<List<String>> events(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            throw InvalidParameterException.invalid(
                    "enabled_events", "expected an array of event types, received " + kind(node));
        }
        List<String> events = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw InvalidParameterException.invalid(
                        "enabled_events[" + i + "]", "expected a string, received " + kind(node.get(i)));
            }
            events.add(node.get(i).textValue());
        }
        return Optional.of(events);
    }

    private static Optional<String> optionalString(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw InvalidParameterException.invalid(field, "expected a string, received " + kind(node));
        }
        return Optional.of(node.textValue());
    }

    private static void constant(JsonNode body, String field, String only) {
        optionalString(body, field).filter(value -> !value.equals(only)).ifPresent(value -> {
            throw InvalidParameterException.invalid(field, "only " + only + " is supported, received '" + value + "'");
        });
    }
}
