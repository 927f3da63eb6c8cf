package dev.batchjobs.domain;

/** Results so far of a job whose processing has not started: no row has been sent, so there is nothing to show. */
public final class JobResultsNotReadyException extends BatchJobsException {
    public JobResultsNotReadyException(String jobId, JobStatus status) {
        super(
                "batch_job_results_not_available",
                null,
                "The batch job " + jobId + " has no results yet because its status is " + status
                        + "; results are available once processing has started (in_progress, paused, cancelling)"
                        + " and after it ended.");
    }
}
