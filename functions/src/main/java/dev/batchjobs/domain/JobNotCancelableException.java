package dev.batchjobs.domain;

/** Cancel on a job that already ended in a state other than canceled. */
public final class JobNotCancelableException extends BatchJobsException {
    public JobNotCancelableException(String jobId, JobStatus status) {
        super(
                "batch_job_not_cancelable",
                null,
                "The batch job " + jobId + " cannot be canceled because it has already ended with status " + status
                        + ".");
    }
}
