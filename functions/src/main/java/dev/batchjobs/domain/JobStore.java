package dev.batchjobs.domain;

import dev.batchjobs.domain.events.JobEvent;
import dev.batchjobs.domain.events.LifecycleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs live. Every change is a conditional write; the store, not a prior read, decides races. Every
 * status change stores its lifecycle events ({@link LifecycleEvents}) in the same atomic write, unpublished
 * (the outbox): a change that loses its race stores no event, and no change is stored without its events.
 */
public interface JobStore {

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

    /** The job, if it exists and belongs to the account. */
    Optional<BatchJob> find(String accountId, String jobId);

    /** A page of the account's jobs, newest first; throws {@link InvalidCursorException} for a foreign cursor. */
    JobPage list(String accountId, JobQuery query);

    /**
     * A page of the account's jobs that have a Meteroid job type, filtered by type and Meteroid status, newest
     * first, with the number of all matching jobs taken from per-account counters that every change keeps
     * in step (no read of every job).
     */
    MeteroidPage meteroidPage(String accountId, MeteroidQuery query);

    /** Sets {@code validated_count} while validation runs; progress, not a transition: no version change. */
    void recordValidated(String jobId, long validated);

    /** Sets the number of rows once the input is planned; progress, not a transition: no version change. */
    void recordTotalRows(String jobId, long totalRows);

    /**
     * Records a CSV file's header (its column names) once the upload has been read, for the workers; progress, not a
     * transition: no version change.
     */
    void recordInputHeader(String jobId, List<String> header);

    /** Marks the job running until it ends, with the time past which the sweeper ends it if it is still running. */
    void recordProcessingDeadline(String jobId, Instant deadline);

    /** Up to {@code limit} jobs, of any account, not yet ended whose processing deadline is before {@code now}. */
    List<BatchJob> runningPast(Instant now, int limit);

    /**
     * Up to {@code limit} jobs, of any account, still {@code ready_for_upload} whose upload URL expired
     * before {@code now}: what the sweeper moves to {@code upload_timeout}.
     */
    List<BatchJob> awaitingUploadPast(Instant now, int limit);

    /**
     * Replaces {@code current} with {@code next} if the stored job still has {@code current}'s status and
     * version, storing the transition's events with it; otherwise throws {@link JobConflictException}
     * carrying the stored job, and stores nothing.
     */
    default void update(BatchJob current, BatchJob next) {
        update(current, next, LifecycleEvents.forTransition(current, next));
    }

    void update(BatchJob current, BatchJob next, List<JobEvent> events);

    /**
     * Stores a progress event (an {@code updated} about the counters of {@code seen}, the job as just read) unless
     * the job has changed since in status or version (a status change's own events then carry the news, and a
     * progress event must never arrive after the event of a later status) or its last progress event is younger
     * than {@code minInterval}. The checks and the write are one atomic step, so concurrent workers never emit two
     * within the interval. Returns whether it stored the event.
     */
    boolean recordProgressEvent(BatchJob seen, JobEvent event, Duration minInterval);
}
