package dev.batchjobs.domain.chunks;

import dev.batchjobs.domain.RateWindow;
import dev.batchjobs.domain.target.RowResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one checkpoint adds: rows newly done (absolute row indexes), their counts, the failed rows with their
 * reasons (stored with the checkpoint), the pacer's recent start times, which the job keeps so the rate
 * holds across chunks and invocations; the job's rows ended in the last minute, this checkpoint's included, which
 * the job keeps the same way (its measured rate); and the token that names the results part this checkpoint wrote
 * ({@code null}: a part named by its number alone).
 */
public record Checkpoint(
        List<Long> rowsDone,
        long succeeded,
        long failed,
        List<RowFailure> failures,
        List<Instant> pacerHistory,
        RateWindow rate,
        String partToken) {

    /** A checkpoint that records no rate and names no part. */
    public Checkpoint(
            List<Long> rowsDone, long succeeded, long failed, List<RowFailure> failures, List<Instant> pacerHistory) {
        this(rowsDone, succeeded, failed, failures, pacerHistory, RateWindow.EMPTY, null);
    }

    /** A checkpoint that records no rate. */
    public Checkpoint(
            List<Long> rowsDone,
            long succeeded,
            long failed,
            List<RowFailure> failures,
            List<Instant> pacerHistory,
            String partToken) {
        this(rowsDone, succeeded, failed, failures, pacerHistory, RateWindow.EMPTY, partToken);
    }

    /** A checkpoint that names no part. */
    public Checkpoint(
            List<Long> rowsDone,
            long succeeded,
            long failed,
            List<RowFailure> failures,
            List<Instant> pacerHistory,
            RateWindow rate) {
        this(rowsDone, succeeded, failed, failures, pacerHistory, rate, null);
    }

    /** The checkpoint of rows that ended, counted and with their failures, under the part named {@code token}. */
    public static Checkpoint of(List<RowResult> finished, List<Instant> pacerHistory, RateWindow rate, String token) {
        long succeeded = finished.stream().filter(RowResult::succeeded).count();
        return new Checkpoint(
                finished.stream().map(RowResult::rowIndex).toList(),
                succeeded,
                finished.size() - succeeded,
                finished.stream()
                        .filter(r -> !r.succeeded())
                        .map(r -> new RowFailure(r.rowIndex(), r.rowId(), r.failureReason()))
                        .toList(),
                pacerHistory,
                rate,
                token);
    }

    public Checkpoint {
        Objects.requireNonNull(rate, "rate");
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
