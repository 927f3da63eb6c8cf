package dev.batchjobs.domain;

/** Recording, on a job, the jobs made to retry its failed rows (its {@code retries}). */
public interface JobRetries {
    /** Appends {@code retryId} to the retries of {@code parentId}; not conditional, never a transition. */
    void recordRetry(String parentId, String retryId);
}
