package dev.batchjobs.domain.chunks;

/** A checkpoint lost: another run checkpointed the chunk first (a redelivered message). */
public final class ChunkConflictException extends RuntimeException {
    public ChunkConflictException(String jobId, int index) {
        super("Chunk " + index + " of " + jobId + " was checkpointed by another run");
    }
}
