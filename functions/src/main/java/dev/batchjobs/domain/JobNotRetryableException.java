package dev.batchjobs.domain;

/**
 * Retry of a job that has not ended (its failed rows are not final until it has), or of one whose input the bucket no
 * longer keeps (the rows are rebuilt from it).
 */
public final class JobNotRetryableException extends BatchJobsException {
    public JobNotRetryableException(String jobId, JobStatus status) {
        this("The batch job " + jobId + " cannot be retried because its status is " + status
                + "; only a job that has ended (complete, canceled, timeout, batch_failed) can be retried.");
    }

    private JobNotRetryableException(String message) {
        super("batch_job_not_retryable", null, message);
    }

    /** The job's input has expired: its failed rows cannot be rebuilt. */
    public static JobNotRetryableException inputExpired(String jobId) {
        return new JobNotRetryableException("The batch job " + jobId + " can no longer be retried: its input file "
                + "is no longer kept (the deployment keeps a job's input WorkingDataRetentionDays after its upload).");
    }
}
