package dev.batchjobs.domain.events;

import dev.batchjobs.domain.Caller;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v2/core/event_destinations/{id}/ping}: sends one signed {@value #TYPE} event to the destination,
 * whatever its status and subscriptions, and returns the event, as Stripe does. The delivery is one attempt
 * (a ping tests the receiver now; retrying it later would prove nothing), and its outcome is logged, not
 * stored: the answer is the event either way, and the receiver's own log says whether it arrived.
 */
public final class PingDestination {
    public static final String TYPE = "v2.core.event_destination.ping";
    public static final String RELATED_OBJECT_TYPE = "v2.core.event_destination";
    private static final Logger LOG = LoggerFactory.getLogger(PingDestination.class);

    /** The ping event: about the destination, in its mode. */
    public record Ping(String id, EventDestination destination, Instant created) {
        public String relatedObjectUrl() {
            return "/v2/core/event_destinations/" + destination.id();
        }
    }

    private final DestinationService destinations;
    private final WebhookClient client;
    private final DestinationUrlPolicy urls;
    private final Function<Ping, String> payloads;
    private final Clock clock;
    private final Supplier<String> eventIds;

    /** @param payloads the ping's JSON as the receiver sees it (and as it is signed) */
    public PingDestination(
            DestinationService destinations,
            WebhookClient client,
            DestinationUrlPolicy urls,
            Function<Ping, String> payloads,
            Clock clock,
            Supplier<String> eventIds) {
        this.destinations = destinations;
        this.client = client;
        this.urls = urls;
        this.payloads = payloads;
        this.clock = clock;
        this.eventIds = eventIds;
    }

    public Ping ping(Caller caller, String destinationId) {
        EventDestination destination = destinations.retrieve(caller, destinationId);
        Instant now = clock.instant();
        Ping ping = new Ping(eventIds.get(), destination, now);
        Optional<String> failure = send(ping);
        if (failure.isPresent()) {
            LOG.info("Ping {} to {} was not delivered: {}", ping.id(), destination.id(), failure.get());
        } else {
            LOG.info("Ping {} delivered to {}", ping.id(), destination.id());
        }
        return ping;
    }

    private Optional<String> send(Ping ping) {
        EventDestination destination = ping.destination();
        Optional<String> refused = urls.problem(destination.url());
        if (refused.isPresent()) {
            return Optional.of("URL refused: " + refused.get());
        }
        String payload = payloads.apply(ping);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put(
                WebhookSigner.HEADER,
                WebhookSigner.header(payload, destination.signingSecrets(ping.created()), ping.created()));
        try {
            int status = client.post(URI.create(destination.url()), payload, headers);
            return status >= 200 && status < 300 ? Optional.empty() : Optional.of("HTTP " + status);
        } catch (IOException e) {
            return Optional.of(e.getClass().getSimpleName());
        }
    }
}
