package dev.batchjobs.domain.events;

import dev.batchjobs.domain.JobLimits;
import java.util.Optional;

/**
 * One page of an account's events, newest first.
 *
 * @param objectId only the events of this object (a job id), when present
 * @param cursor   the opaque position after which the page starts, from a previous page
 */
public record EventQuery(Optional<String> objectId, int limit, Optional<String> cursor) {
    public EventQuery {
        if (limit < JobLimits.MIN_LIST_LIMIT || limit > JobLimits.MAX_LIST_LIMIT) {
            throw new IllegalArgumentException("limit out of range: " + limit);
        }
    }
}
