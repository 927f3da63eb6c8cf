package dev.batchjobs.domain;

/** A change of rate or metadata on a job that already ended. */
public final class JobNotUpdatableException extends BatchJobsException {
    public JobNotUpdatableException(String jobId, JobStatus status) {
        super(
                "batch_job_not_updatable",
                null,
                "The batch job " + jobId + " cannot be updated because it has already ended with status "
                        + status.wireName() + ".");
    }
}
