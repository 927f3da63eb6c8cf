package dev.batchjobs.domain;

import java.util.Set;

/**
 * One page of an account's jobs on the Meteroid surface, newest first.
 *
 * @param jobTypes the job types to list (the filter, or every type the registry knows)
 * @param statuses the statuses to list (the filter, or all of them)
 * @param page     0-based
 */
public record MeteroidQuery(Set<String> jobTypes, Set<MeteroidStatus> statuses, int page, int perPage) {
    public static final int MAX_PER_PAGE = 100;

    public MeteroidQuery {
        jobTypes = Set.copyOf(jobTypes);
        statuses = Set.copyOf(statuses);
        if (page < 0 || perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new IllegalArgumentException("page " + page + " / per_page " + perPage + " out of range");
        }
    }

    public long offset() {
        return (long) page * perPage;
    }
}
