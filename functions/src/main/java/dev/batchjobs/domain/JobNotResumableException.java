package dev.batchjobs.domain;

/** Resume on a job that is not {@code paused}. */
public final class JobNotResumableException extends BatchJobsException {
    public JobNotResumableException(String jobId, JobStatus status) {
        super(
                "batch_job_not_paused",
                null,
                "The batch job " + jobId + " cannot be resumed because its status is " + status
                        + "; only a paused job can be resumed.");
    }
}
