package dev.batchjobs.domain;

/** Retry of a job none of whose failed rows match what the retry asked for: a new job would have no rows. */
public final class NoFailedRowsException extends BatchJobsException {
    public NoFailedRowsException(String jobId, String only, long failed) {
        super(
                "batch_job_no_failed_rows",
                "only",
                failed == 0
                        ? "The batch job " + jobId + " has no failed rows to retry."
                        : "The batch job " + jobId + " has " + failed + " failed rows but none is " + only
                                + " (retryable: 429, 5xx or no response); retry with only=all to send them again.");
    }
}
