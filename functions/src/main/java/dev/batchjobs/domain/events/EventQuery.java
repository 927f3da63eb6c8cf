package dev.batchjobs.domain.events;

import dev.batchjobs.domain.JobLimits;
import java.util.Optional;
import java.util.Set;

/**
 * One page of an account's events, newest first.
 *
 * @param objectId only the events of this object (a job id), when present
 * @param types    only events of these types; every type when empty
 * @param cursor   the opaque position after which the page starts, from a previous page
 */
public record EventQuery(Optional<String> objectId, Set<String> types, int limit, Optional<String> cursor) {
    public EventQuery {
        if (limit < JobLimits.MIN_LIST_LIMIT || limit > JobLimits.MAX_LIST_LIMIT) {
            throw new IllegalArgumentException("limit out of range: " + limit);
        }
        types = Set.copyOf(types);
    }

    /** Events of every type. */
    public EventQuery(Optional<String> objectId, int limit, Optional<String> cursor) {
        this(objectId, Set.of(), limit, cursor);
    }

    public boolean matches(JobEvent event) {
        return (types.isEmpty() || types.contains(event.type()))
                && objectId.map(id -> id.equals(event.jobId())).orElse(true);
    }
}
