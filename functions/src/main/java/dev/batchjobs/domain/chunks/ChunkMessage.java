package dev.batchjobs.domain.chunks;

import java.util.Objects;

/**
 * What a chunk message says: which chunk of which job, and the lane (queue) the job's chunks run on, so that whoever
 * sends the next message sends it to the same queue. A pointer, never the rows.
 */
public record ChunkMessage(String accountId, String jobId, int chunk, ChunkLane lane) {
    public ChunkMessage {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(lane, "lane");
    }

    /** A message of the standard lane. */
    public ChunkMessage(String accountId, String jobId, int chunk) {
        this(accountId, jobId, chunk, ChunkLane.STANDARD);
    }

    /** The same job's chunk {@code index}, on the same lane. */
    public ChunkMessage at(int index) {
        return new ChunkMessage(accountId, jobId, index, lane);
    }
}
