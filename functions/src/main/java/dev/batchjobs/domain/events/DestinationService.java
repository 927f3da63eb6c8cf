package dev.batchjobs.domain.events;

import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.Ids;
import dev.batchjobs.domain.InvalidParameterException;
import dev.batchjobs.domain.MetadataRules;
import dev.batchjobs.domain.ResourceMissingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The event destination use cases of the API, every one scoped to the caller's account. */
public final class DestinationService {
    /** As Stripe caps webhook endpoints per account; it also bounds what one delivery reads. */
    public static final int MAX_PER_ACCOUNT = 16;

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_DESCRIPTION_LENGTH = 5000;
    public static final int MAX_ENABLED_EVENTS = 64;
    /** How long a rotated-out secret keeps signing by default, and at most (Stripe allows up to a day). */
    public static final Duration MAX_SECRET_OVERLAP = Duration.ofHours(24);

    private static final String OBJECT = "v2.core.event_destination";
    private static final int MAX_CONFLICT_RETRIES = 5;

    private final DestinationStore store;
    private final DestinationUrlPolicy urls;
    private final Clock clock;

    public DestinationService(DestinationStore store, DestinationUrlPolicy urls, Clock clock) {
        this.store = store;
        this.urls = urls;
        this.clock = clock;
    }

    public EventDestination create(Caller caller, DestinationCommand command) {
        String url = command.url().orElseThrow(() -> InvalidParameterException.missing("webhook_endpoint.url"));
        List<String> events =
                command.enabledEvents().orElseThrow(() -> InvalidParameterException.missing("enabled_events"));
        checkUrl(url);
        checkEvents(events);
        command.name().ifPresent(DestinationService::checkName);
        command.description().ifPresent(DestinationService::checkDescription);
        command.metadata().ifPresent(MetadataRules::check);
        if (store.list(caller.scope()).size() >= MAX_PER_ACCOUNT) {
            throw InvalidParameterException.invalid(
                    "webhook_endpoint",
                    "an account may have at most " + MAX_PER_ACCOUNT + " event destinations; delete one first");
        }
        Instant now = now();
        EventDestination destination = new EventDestination(
                Ids.newDestinationId(),
                caller.accountId(),
                caller.livemode(),
                now,
                now,
                command.name().orElse(null),
                command.description().orElse(null),
                url,
                events,
                command.metadata().orElse(Map.of()),
                true,
                Ids.newSigningSecret(),
                null,
                null,
                1);
        store.create(destination);
        return destination;
    }

    public EventDestination retrieve(Caller caller, String id) {
        return store.find(caller.scope(), id).orElseThrow(() -> new ResourceMissingException(OBJECT, id));
    }

    public List<EventDestination> list(Caller caller) {
        return store.list(caller.scope());
    }

    public EventDestination update(Caller caller, String id, DestinationCommand command) {
        command.url().ifPresent(this::checkUrl);
        command.enabledEvents().ifPresent(DestinationService::checkEvents);
        command.name().ifPresent(DestinationService::checkName);
        command.description().ifPresent(DestinationService::checkDescription);
        command.metadata().ifPresent(MetadataRules::check);
        return change(
                caller,
                id,
                d -> d.with(
                        command.name().orElse(d.name()),
                        command.description().orElse(d.description()),
                        command.url().orElse(d.url()),
                        command.enabledEvents().orElse(d.enabledEvents()),
                        command.metadata().orElse(d.metadata()),
                        d.enabled(),
                        now()));
    }

    public EventDestination enable(Caller caller, String id, boolean enabled) {
        return change(
                caller,
                id,
                d -> d.enabled() == enabled
                        ? d
                        : d.with(d.name(), d.description(), d.url(), d.enabledEvents(), d.metadata(), enabled, now()));
    }

    /** A new secret, shown once; the old one keeps signing for {@code overlap} (0 ends it at once). */
    public EventDestination rotateSecret(Caller caller, String id, Duration overlap) {
        if (overlap.isNegative() || overlap.compareTo(MAX_SECRET_OVERLAP) > 0) {
            throw InvalidParameterException.invalid(
                    "expire_previous_secret_in",
                    "expected 0 to " + MAX_SECRET_OVERLAP.toSeconds() + " seconds, received " + overlap.toSeconds());
        }
        return change(caller, id, d -> d.withSecret(Ids.newSigningSecret(), now().plus(overlap), now()));
    }

    public void delete(Caller caller, String id) {
        if (!store.delete(caller.scope(), id)) {
            throw new ResourceMissingException(OBJECT, id);
        }
    }

    private EventDestination change(Caller caller, String id, UnaryOperator<EventDestination> change) {
        for (int attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
            EventDestination current = retrieve(caller, id);
            EventDestination next = change.apply(current);
            if (next == current) {
                return current;
            }
            try {
                store.update(current, next);
                return next;
            } catch (DestinationConflictException raced) {
                // read again and reapply
            }
        }
        throw new IllegalStateException("Event destination " + id + " kept changing while being updated");
    }

    private void checkUrl(String url) {
        urls.problem(url).ifPresent(problem -> {
            throw InvalidParameterException.invalid("webhook_endpoint.url", problem);
        });
    }

    static void checkEvents(List<String> events) {
        if (events.isEmpty()) {
            throw InvalidParameterException.invalid("enabled_events", "expected at least one event type, or \"*\"");
        }
        if (events.size() > MAX_ENABLED_EVENTS) {
            throw InvalidParameterException.invalid(
                    "enabled_events", "expected at most " + MAX_ENABLED_EVENTS + " entries");
        }
        if (new LinkedHashSet<>(events).size() != events.size()) {
            throw InvalidParameterException.invalid("enabled_events", "lists an event type twice");
        }
        for (String pattern : events) {
            if (LifecycleEvents.TYPES.stream().noneMatch(type -> EventDestination.matches(pattern, type))) {
                throw InvalidParameterException.invalid(
                        "enabled_events",
                        "'" + pattern + "' matches no event type; expected \"*\", "
                                + "a prefix such as \"v2.core.batch_job.*\", or one of "
                                + String.join(", ", LifecycleEvents.TYPES));
            }
        }
    }

    private static void checkName(String name) {
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw InvalidParameterException.invalid("name", "expected 1 to " + MAX_NAME_LENGTH + " characters");
        }
    }

    private static void checkDescription(String description) {
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw InvalidParameterException.invalid(
                    "description", "expected at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
