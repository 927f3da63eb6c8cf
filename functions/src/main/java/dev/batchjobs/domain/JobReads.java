package dev.batchjobs.domain;

import java.util.Optional;

/** Reading one job: what every use case that acts on a job starts with. */
public interface JobReads {

    /**
     * The job, if it exists and belongs to the account, in either mode: for the pipeline, which acts on a job it
     * was handed by the job's own messages. A caller's read goes through {@link #find(AccountScope, String)}.
     */
    Optional<BatchJob> find(String accountId, String jobId);

    /** The job, if it exists in this account and mode: a live key never sees a test job, nor the reverse. */
    Optional<BatchJob> find(AccountScope scope, String jobId);
}
