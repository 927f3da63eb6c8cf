package dev.batchjobs.domain.chunks;

/** What a worker does after each checkpoint of a job that has a failure threshold. */
@FunctionalInterface
public interface FailureGuard {
    /** A guard that never stops a job. */
    FailureGuard NONE = (accountId, jobId) -> {};

    void afterCheckpoint(String accountId, String jobId);
}
