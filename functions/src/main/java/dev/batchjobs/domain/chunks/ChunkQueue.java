package dev.batchjobs.domain.chunks;

/** Where chunk messages wait for a worker: one job's messages go out one at a time, in order. */
public interface ChunkQueue {
    /**
     * Sends a message; {@code deduplicationId} makes a resend of the same message (a retried step, a
     * redelivered follow-up) arrive once.
     */
    void send(ChunkMessage message, String deduplicationId);
}
