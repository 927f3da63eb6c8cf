package dev.batchjobs.domain.events;

import dev.batchjobs.domain.Metric;
import dev.batchjobs.domain.MetricRecord;
import dev.batchjobs.domain.Metrics;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook dispatcher: an event from the bus goes to every enabled destination of its account and mode (test
 * or live) that subscribes to its type, signed; a failed delivery (no 2xx, no answer, or a URL now refused) is
 * tried again on the {@link RetrySchedule} and goes to the dead-letter queue once the schedule's window is spent.
 * The account's destinations are the only ones read, so no account ever receives another's events.
 *
 * <p>An attempt is only started while the invocation has {@code attemptBudget} left; past that, deliveries are
 * queued for another invocation instead, so a batch of slow receivers can never run the dispatcher out of time
 * (which would hand the whole batch back, and in the end to the dead-letter queue, undelivered).
 */
public final class DeliverEvents {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverEvents.class);

    private final DestinationStore destinations;
    private final EventStore events;
    private final WebhookClient client;
    private final DeliveryQueue queue;
    private final DestinationUrlPolicy urls;
    private final RetrySchedule schedule;
    private final Function<JobEvent, String> payloads;
    private final Duration attemptBudget;
    private final Clock clock;
    private final DoubleSupplier random;
    private final Metrics metrics;

    /**
     * @param payloads      the event's JSON as receivers see it (and as it is signed)
     * @param attemptBudget the longest one attempt takes, with a margin: less time left than that, and it waits its turn
     */
    public DeliverEvents(
            DestinationStore destinations,
            EventStore events,
            WebhookClient client,
            DeliveryQueue queue,
            DestinationUrlPolicy urls,
            RetrySchedule schedule,
            Function<JobEvent, String> payloads,
            Duration attemptBudget,
            Clock clock,
            DoubleSupplier random) {
        this(destinations, events, client, queue, urls, schedule, payloads, attemptBudget, clock, random, Metrics.NONE);
    }

    /** @param metrics receives one record per attempt: delivered (with the lag since the event) or failed */
    public DeliverEvents(
            DestinationStore destinations,
            EventStore events,
            WebhookClient client,
            DeliveryQueue queue,
            DestinationUrlPolicy urls,
            RetrySchedule schedule,
            Function<JobEvent, String> payloads,
            Duration attemptBudget,
            Clock clock,
            DoubleSupplier random,
            Metrics metrics) {
        this.destinations = destinations;
        this.events = events;
        this.client = client;
        this.queue = queue;
        this.urls = urls;
        this.schedule = schedule;
        this.payloads = payloads;
        this.attemptBudget = attemptBudget;
        this.clock = clock;
        this.random = random;
        this.metrics = metrics;
    }

    /** A new event from the bus, by id: read from the store, which had it before the bus did. */
    public int fanOut(String accountId, String eventId, Supplier<Duration> remaining) {
        Optional<JobEvent> event = events.find(accountId, eventId);
        if (event.isEmpty()) {
            LOG.warn("Event {} of the bus is not in the event store; nothing to deliver", eventId);
            return 0;
        }
        return fanOut(event.get(), remaining);
    }

    /**
     * A new event: one attempt to each subscribed destination now, while time allows (the rest are queued as first
     * attempts); failures are queued for retry. Returns how many were delivered now.
     */
    public int fanOut(JobEvent event, Supplier<Duration> remaining) {
        int delivered = 0;
        for (EventDestination destination : destinations.list(event.scope())) {
            if (!wants(destination, event)) {
                continue;
            }
            Instant now = clock.instant();
            Delivery first = new Delivery(event.accountId(), event.id(), destination.id(), 0, now, now, null);
            if (remaining.get().compareTo(attemptBudget) < 0) {
                queue.retryLater(first, Duration.ZERO);
                continue;
            }
            Optional<String> failure = attempt(destination, event);
            if (failure.isEmpty()) {
                delivered++;
            } else {
                failed(first, failure.get());
            }
        }
        return delivered;
    }

    /** A queued delivery came back: attempts it if due (and still wanted) and time allows, else puts it back to wait. */
    public void retry(Delivery delivery, Supplier<Duration> remaining) {
        Instant now = clock.instant();
        if (now.isBefore(delivery.notBefore())) {
            queue.retryLater(delivery, Duration.between(now, delivery.notBefore()));
            return;
        }
        if (remaining.get().compareTo(attemptBudget) < 0) {
            queue.retryLater(delivery, Duration.ZERO);
            return;
        }
        Optional<JobEvent> event = events.find(delivery.accountId(), delivery.eventId());
        Optional<EventDestination> destination =
                event.flatMap(e -> destinations.find(e.scope(), delivery.destinationId()));
        if (destination.isEmpty() || event.isEmpty() || !wants(destination.get(), event.get())) {
            // Deleted, disabled or unsubscribed since: the delivery is no longer owed.
            LOG.info(
                    "Dropping delivery of {} to {}: the destination no longer wants it",
                    delivery.eventId(),
                    delivery.destinationId());
            return;
        }
        Optional<String> failure = attempt(destination.get(), event.get());
        if (failure.isPresent()) {
            failed(delivery, failure.get());
        }
    }

    /** Enabled, subscribed to the type, and of the event's mode: test-mode events never reach live destinations, nor the reverse. */
    private static boolean wants(EventDestination destination, JobEvent event) {
        return destination.enabled()
                && destination.subscribes(event.type())
                && destination.livemode() == event.livemode();
    }

    private void failed(Delivery delivery, String error) {
        int attempts = delivery.attempts() + 1;
        Instant now = clock.instant();
        Duration delay = schedule.delayAfter(attempts, random);
        Instant next = now.plus(delay);
        Delivery updated = new Delivery(
                delivery.accountId(),
                delivery.eventId(),
                delivery.destinationId(),
                attempts,
                delivery.firstAttemptAt(),
                next,
                error);
        if (next.isAfter(delivery.firstAttemptAt().plus(schedule.window()))) {
            LOG.warn(
                    "Giving up on {} to {} after {} attempts: {}",
                    delivery.eventId(),
                    delivery.destinationId(),
                    attempts,
                    error);
            queue.deadLetter(updated);
        } else {
            LOG.info(
                    "Delivery of {} to {} failed (attempt {}): {}; next in {} s",
                    delivery.eventId(),
                    delivery.destinationId(),
                    attempts,
                    error,
                    delay.toSeconds());
            queue.retryLater(updated, delay);
        }
    }

    /** One signed POST, measured; empty when the destination answered 2xx, else why not. */
    private Optional<String> attempt(EventDestination destination, JobEvent event) {
        Optional<String> failure = send(destination, event);
        MetricRecord.Builder record = MetricRecord.builder()
                .property("event_id", event.id())
                .property("event_type", event.type())
                .property("job_id", event.jobId())
                .property("destination_id", destination.id());
        if (failure.isEmpty()) {
            long lag = Duration.between(event.created(), clock.instant()).toMillis();
            record.put(Metric.WEBHOOK_DELIVERIES, 1).put(Metric.WEBHOOK_DELIVERY_LAG, Math.max(lag, 0));
        } else {
            record.put(Metric.WEBHOOK_DELIVERY_FAILURES, 1);
        }
        metrics.publish(record.build());
        return failure;
    }

    private Optional<String> send(EventDestination destination, JobEvent event) {
        Optional<String> refused = urls.problem(destination.url());
        if (refused.isPresent()) {
            return Optional.of("URL refused: " + refused.get());
        }
        String payload = payloads.apply(event);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put(
                WebhookSigner.HEADER,
                WebhookSigner.header(payload, destination.signingSecrets(clock.instant()), clock.instant()));
        try {
            int status = client.post(URI.create(destination.url()), payload, headers);
            return status >= 200 && status < 300 ? Optional.empty() : Optional.of("HTTP " + status);
        } catch (IOException e) {
            return Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
