package dev.batchjobs.domain;

import java.util.Optional;
import java.util.Set;

/**
 * One page of an account's jobs, newest first.
 *
 * @param statuses empty means every status
 * @param cursor   the opaque position after which the page starts, from a previous page
 */
public record JobQuery(Set<JobStatus> statuses, int limit, Optional<String> cursor) {
    public JobQuery {
        statuses = Set.copyOf(statuses);
        if (limit < JobLimits.MIN_LIST_LIMIT || limit > JobLimits.MAX_LIST_LIMIT) {
            throw new IllegalArgumentException("limit out of range: " + limit);
        }
    }
}
