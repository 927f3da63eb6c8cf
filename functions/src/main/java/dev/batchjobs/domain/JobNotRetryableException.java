package dev.batchjobs.domain;

/** Retry of a job that has not ended: its failed rows are not final until it has. */
public final class JobNotRetryableException extends BatchJobsException {
    public JobNotRetryableException(String jobId, JobStatus status) {
        super(
                "batch_job_not_retryable",
                null,
                "The batch job " + jobId + " cannot be retried because its status is " + status
                        + "; only a job that has ended (complete, canceled, timeout, batch_failed) can be retried.");
    }
}
