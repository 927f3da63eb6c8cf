package dev.batchjobs.domain.failures;

import java.util.Objects;

/**
 * A stored row failure: a stable id (a UUID, as Meteroid's schema has it), the chunk it ran in, the row's
 * 0-based index and id, the reason, and its position among the job's failures ({@code ordinal}, 0-based,
 * in the order they were recorded), which is what offsets and cursors count.
 */
public record FailureRecord(
        String id, String jobId, int chunkIndex, long itemIndex, String itemIdentifier, String reason, long ordinal) {
    public FailureRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(reason, "reason");
    }
}
