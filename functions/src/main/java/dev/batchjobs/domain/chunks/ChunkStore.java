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
     * Chunks {@code 0 .. count - 1} of the job as last checkpointed, read in batches rather than one at a time, in
     * index order; a chunk that was never planned is left out, so a short list says one is missing.
     */
    List<ChunkState> findAll(String jobId, int count);

    /**
     * In one atomic step: marks the rows done on the chunk, raises its version and parts, and adds the counts
     * to the job's {@code success_count}/{@code failure_count}, saving the pacer history on the job when the checkpoint carries one (an empty one leaves the saved one as it
     * is). Applies
     * only if the chunk is still at {@code current}'s version; otherwise throws {@link ChunkConflictException}
     * and changes nothing, so no row is ever counted twice.
     */
    ChunkState checkpoint(ChunkState current, Checkpoint checkpoint);

    /**
     * Records on the job the rate its worker has in force ({@code effective_rps}) and adds the target's 429s seen
     * since the last report ({@code throttled_count}). Informational: not part of a checkpoint, never conditional.
     */
    void recordPace(String jobId, int effectiveRps, long newlyThrottled);

    /** The pacer history the job's last checkpoint saved (empty before any). */
    List<Instant> pacerHistory(String jobId);

    /** How many chunks were sent out for the job, if they were. */
    Optional<Integer> dispatchedChunks(String jobId);

    /** The task token the dispatch recorded: what the state machine waits on (empty before the dispatch). */
    Optional<String> taskToken(String jobId);

    /**
     * Records, on the job, how many chunks were sent out, the token to send back when all are settled, and the lane
     * they run on; the first lane recorded stays (a retried dispatch keeps it).
     */
    void recordDispatch(String jobId, int chunkCount, String taskToken, ChunkLane lane);

    /** As above, on the standard lane. */
    default void recordDispatch(String jobId, int chunkCount, String taskToken) {
        recordDispatch(jobId, chunkCount, taskToken, ChunkLane.STANDARD);
    }

    /** The lane the job's chunks were dispatched on: standard before the dispatch, or when none was recorded. */
    ChunkLane dispatchedLane(String jobId);

    /**
     * Marks the chunk settled (finished, or halted because the job stopped) and counts it on the job, once:
     * empty if it was already settled; otherwise the job's settled count after this one, its chunk count and
     * its task token (the last two empty when no dispatch was recorded).
     */
    Optional<Settlement> settle(String jobId, int index);

    /** Where a job's chunks stand after a settle. */
    record Settlement(long settled, Optional<Integer> chunkCount, Optional<String> taskToken) {
        /** Whether this settle was the last one: every dispatched chunk is settled. */
        public boolean completesTheJob() {
            return chunkCount.isPresent() && settled >= chunkCount.get();
        }

        /** The task token to send back: present only when this settle was the job's last. */
        public Optional<String> tokenToSend() {
            return completesTheJob() ? taskToken : Optional.empty();
        }
    }
}
