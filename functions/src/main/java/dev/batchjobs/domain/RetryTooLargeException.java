package dev.batchjobs.domain;

/** A retry whose input could not be written within the time one API call has: too many failed rows to gather. */
public final class RetryTooLargeException extends BatchJobsException {
    public RetryTooLargeException(String jobId, long rows) {
        super(
                "batch_job_retry_too_large",
                null,
                "The failed rows of the batch job " + jobId + " (" + rows + " to retry) could not be gathered within"
                        + " one request; download its error_file, which holds every failed row in the input's format,"
                        + " and upload it to a new job.");
    }
}
