package dev.batchjobs.domain;

/** Pause on a job that is not {@code in_progress}: it has ended, is not running yet, or is already stopping. */
public final class JobNotPausableException extends BatchJobsException {
    public JobNotPausableException(String jobId, JobStatus status) {
        super(
                "batch_job_not_pausable",
                null,
                "The batch job " + jobId + " cannot be paused because its status is " + status
                        + "; only a job in_progress can be paused.");
    }
}
