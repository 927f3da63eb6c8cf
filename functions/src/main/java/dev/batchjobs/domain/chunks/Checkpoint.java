package dev.batchjobs.domain.chunks;

import java.time.Instant;
import java.util.List;

/**
 * What one checkpoint adds: rows newly done (absolute row indexes), their counts, the failed rows with their
 * reasons (stored with the checkpoint), the pacer's recent start times, which the job keeps so the rate
 * holds across chunks and invocations, and the token that names the results part this checkpoint wrote
 * ({@code null}: a part named by its number alone).
 */
public record Checkpoint(
        List<Long> rowsDone,
        long succeeded,
        long failed,
        List<RowFailure> failures,
        List<Instant> pacerHistory,
        String partToken) {
    public Checkpoint(
            List<Long> rowsDone, long succeeded, long failed, List<RowFailure> failures, List<Instant> pacerHistory) {
        this(rowsDone, succeeded, failed, failures, pacerHistory, null);
    }

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
