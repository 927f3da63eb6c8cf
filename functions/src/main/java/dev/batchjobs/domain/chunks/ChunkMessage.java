package dev.batchjobs.domain.chunks;

import java.util.Objects;

/** What a chunk message says: which chunk of which job. A pointer, never the rows. */
public record ChunkMessage(String accountId, String jobId, int chunk) {
    public ChunkMessage {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(jobId, "jobId");
    }
}
