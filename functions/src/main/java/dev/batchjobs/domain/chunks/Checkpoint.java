package dev.batchjobs.domain.chunks;

import java.time.Instant;
import java.util.List;

/**
 * What one checkpoint adds: rows newly done (absolute row indexes), their counts, the failed rows with their
 * reasons (stored with the checkpoint), and the pacer's recent start times, which the job keeps so the rate
 * holds across chunks and invocations.
 */
public record Checkpoint(
        List<Long> rowsDone, long succeeded, long failed, List<RowFailure> failures, List<Instant> pacerHistory) {
    public Checkpoint {
        rowsDone = List.copyOf(rowsDone);
        failures = List.copyOf(failures);
        pacerHistory = List.copyOf(pacerHistory);
        if (succeeded + failed != rowsDone.size()) {
            throw new IllegalArgumentException("Every row done is either a success or a failure");
        }
        if (failures.size() != failed) {
            throw new IllegalArgumentException(
                    "Every failed row has its failure: " + failures.size() + " of " + failed);
        }
    }
}
