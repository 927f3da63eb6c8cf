package dev.batchjobs.domain;

import java.util.Optional;

/**
 * Beyond the reference: what validation tells before a row is sent, shown while a job validates and on the event
 * that leaves validation: the rows (validated so far, or all once known), the size of the file the job runs, and how
 * long those rows take at the job's {@code maximum_rps}.
 */
public record Preflight(long rowCount, long fileSize, long estimatedDurationSeconds) {

    /** The estimate for a job that validates its file (begun, not {@code skip_validation}); else empty. */
    public static Optional<Preflight> of(BatchJob job) {
        if (job.spec().skipValidation() || job.upload().pinned() == null) {
            return Optional.empty();
        }
        JobCounts counts = job.counts();
        long rows = counts.totalRows() >= 0 ? counts.totalRows() : counts.validated();
        int rps = job.spec().maximumRps();
        return Optional.of(new Preflight(rows, job.upload().pinned().size(), (rows + rps - 1) / rps));
    }
}
