package dev.batchjobs.domain;

import dev.batchjobs.domain.events.JobEvent;
import dev.batchjobs.domain.events.LifecycleEvents;
import java.util.List;
import java.util.Optional;

/**
 * Creating jobs and moving them through their lifecycle. Every write is conditional: the store, not a prior read,
 * decides races. Every write stores its lifecycle events ({@link LifecycleEvents}) in the same atomic write,
 * unpublished (the outbox): a write that loses its race stores no event, and no write is stored without its events.
 */
public interface JobWrites extends JobReads {

    /** Stores a new job with its {@code created} and {@code ready_for_upload} events. */
    default void create(BatchJob job) {
        create(job, LifecycleEvents.forCreate(job));
    }

    /** Stores a new job and the given events, atomically. */
    void create(BatchJob job, List<JobEvent> events);

    /**
     * Stores a new job (with its events) and claims its idempotency key in one atomic step. If the key is
     * already claimed (and the claim has not expired), stores nothing and returns the existing claim.
     */
    default Optional<IdempotencyClaim> createClaimed(BatchJob job, IdempotencyClaim claim) {
        return createClaimed(job, claim, LifecycleEvents.forCreate(job));
    }

    Optional<IdempotencyClaim> createClaimed(BatchJob job, IdempotencyClaim claim, List<JobEvent> events);

    /**
     * Replaces {@code current} with {@code next} if the stored job still has {@code current}'s status and
     * version, storing the transition's events with it; otherwise throws {@link JobConflictException}
     * carrying the stored job, and stores nothing.
     */
    default void update(BatchJob current, BatchJob next) {
        update(current, next, LifecycleEvents.forTransition(current, next));
    }

    void update(BatchJob current, BatchJob next, List<JobEvent> events);
}
