package dev.batchjobs.domain;

import java.util.Optional;

/** Reading one job: what every use case that acts on a job starts with. */
public interface JobReads {

    /** The job, if it exists and belongs to the account. */
    Optional<BatchJob> find(String accountId, String jobId);
}
