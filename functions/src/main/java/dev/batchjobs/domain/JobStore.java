package dev.batchjobs.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where jobs live. Every change is a conditional write; the store, not a prior read, decides races. */
public interface JobStore {

    /** Stores a new job. */
    void create(BatchJob job);

    /**
     * Stores a new job and claims its idempotency key in one atomic step. If the key is already
     * claimed (and the claim has not expired), stores nothing and returns the existing claim.
     */
    Optional<IdempotencyClaim> createClaimed(BatchJob job, IdempotencyClaim claim);

    /** The job, if it exists and belongs to the account. */
    Optional<BatchJob> find(String accountId, String jobId);

    /** A page of the account's jobs, newest first; throws {@link InvalidCursorException} for a foreign cursor. */
    JobPage list(String accountId, JobQuery query);

    /** Sets {@code validated_count} while validation runs; progress, not a transition: no version change. */
    void recordValidated(String jobId, long validated);

    /** Sets the number of rows once the input is planned; progress, not a transition: no version change. */
    void recordTotalRows(String jobId, long totalRows);

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
     * version; otherwise throws {@link JobConflictException} carrying the stored job.
     */
    void update(BatchJob current, BatchJob next);
}
