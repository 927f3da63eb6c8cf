package dev.batchjobs.domain.chunks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Chunk progress, and the job counters that move with it. */
public interface ChunkStore {

    /** Records the planned chunks; planning twice (a retried state) changes nothing already there. */
    void plan(String jobId, List<ChunkState> chunks);

    Optional<ChunkState> find(String jobId, int index);

    /**
     * In one atomic step: marks the rows done on the chunk, raises its version and parts, and adds the counts
     * to the job's {@code success_count}/{@code failure_count}, saving the pacer history on the job. Applies
     * only if the chunk is still at {@code current}'s version; otherwise throws {@link ChunkConflictException}
     * and changes nothing, so no row is ever counted twice.
     */
    ChunkState checkpoint(ChunkState current, Checkpoint checkpoint);

    /** The pacer history the job's last checkpoint saved (empty before any). */
    List<Instant> pacerHistory(String jobId);
}
