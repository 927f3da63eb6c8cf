package dev.batchjobs.domain.target;

import java.time.Clock;

/**
 * The operator's ceiling of requests per second to one target across all jobs ({@code TargetRpsCeiling}), shared
 * fairly by the jobs that run against it through leases in a {@link TargetLeaseStore}. Each worker invocation opens
 * one {@link CeilingLease} for its job. Without a ceiling every job simply runs at its own rate.
 */
public final class RateCeiling {
    /** No ceiling: a job's lease always allows what it asks for. */
    public static final RateCeiling OFF = new RateCeiling(null, 0, Clock.systemUTC());

    private final TargetLeaseStore store;
    private final int ceiling;
    private final Clock clock;

    /** @param ceiling at least 1: the most requests per second that all jobs together send to a target */
    public RateCeiling(TargetLeaseStore store, int ceiling, Clock clock) {
        if (store != null && ceiling < 1) {
            throw new IllegalArgumentException("A ceiling is at least 1 request per second, was " + ceiling);
        }
        this.store = store;
        this.ceiling = ceiling;
        this.clock = clock;
    }

    /** The lease of one job on one target (a host, e.g. {@code api.stripe.com}), for one worker invocation. */
    public CeilingLease open(String target, String jobId) {
        return store == null ? CeilingLease.unlimited() : new CeilingLease(store, target, jobId, ceiling, clock);
    }
}
