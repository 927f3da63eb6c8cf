package dev.batchjobs.domain.chunks;

import java.time.Instant;
import java.util.List;

/**
 * What one checkpoint adds: rows newly done (absolute row indexes), their counts, and the pacer's recent
 * start times, which the job keeps so the rate holds across chunks and invocations.
 */
public record Checkpoint(List<Long> rowsDone, long succeeded, long failed, List<Instant> pacerHistory) {
    public Checkpoint {
        rowsDone = List.copyOf(rowsDone);
        pacerHistory = List.copyOf(pacerHistory);
        if (succeeded + failed != rowsDone.size()) {
            throw new IllegalArgumentException("Every row done is either a success or a failure");
        }
    }
}
