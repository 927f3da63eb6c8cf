package dev.batchjobs.domain.events;

import dev.batchjobs.domain.AccountScope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where events live, per account. Events are written by the job store, in the same atomic write as the
 * change they report (the outbox), marked unpublished; the outbox relay marks them published once the bus has them.
 */
public interface EventStore {

    /** The event, if it exists and belongs to the account, in either mode: for delivery, which is handed an event id. */
    Optional<JobEvent> find(String accountId, String eventId);

    /** The event, if it exists in this account and mode: what the API reads. */
    Optional<JobEvent> find(AccountScope scope, String eventId);

    /** A page of the events of the account in one mode, newest first; throws {@link dev.batchjobs.domain.InvalidCursorException} for a foreign cursor. */
    EventPage list(AccountScope scope, EventQuery query);

    /** Up to {@code limit} events, of any account, still unpublished and created before {@code before}, oldest first. */
    List<JobEvent> unpublished(Instant before, int limit);

    /** Marks events published: the relay and the sweeper skip them from now on. Marking twice changes nothing. */
    void markPublished(List<JobEvent> events);
}
