package dev.batchjobs.domain.failures;

import java.util.List;

/**
 * A job's row failures, written by the chunk store in the same transaction as the checkpoint that counts
 * them (so they are never lost and never doubled), read here. Reads never cost a pass over earlier failures:
 * an offset into the job's failures is a key condition, and one chunk holds at most a chunk's rows.
 */
public interface FailureStore {

    /** Up to {@code limit} of the job's failures from position {@code offset} on, in recorded order. */
    List<FailureRecord> page(String jobId, long offset, int limit);

    /** Up to {@code limit} of one chunk's failures from position {@code offset} (counted within the chunk). */
    List<FailureRecord> chunkPage(String jobId, int chunkIndex, long offset, int limit);

    /** Every failure of one chunk, in recorded order (at most the chunk's rows): what the error file reads. */
    default List<FailureRecord> chunk(String jobId, int chunkIndex) {
        return chunkPage(jobId, chunkIndex, 0, Integer.MAX_VALUE);
    }
}
