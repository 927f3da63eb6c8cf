package dev.batchjobs.domain;

/** No job with this id in the caller's account; another account's job looks exactly the same. */
public final class JobNotFoundException extends BatchJobsException {
    public JobNotFoundException(String jobId) {
        super("resource_missing", "id", "No such batch_job: '" + jobId + "'");
    }
}
