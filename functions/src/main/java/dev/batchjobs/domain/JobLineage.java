package dev.batchjobs.domain;

import java.util.List;
import java.util.Objects;

/**
 * Where a job stands among retries (beyond the reference): the job it retries the failed rows of, the original job
 * at the root of that chain, and the retries made of it so far. A job that is neither has {@link #NONE}.
 *
 * @param retryOf the job whose failed rows this job runs again, or null
 * @param origin the first job of the chain (a retry of a retry keeps the root's), or null when this job is the origin
 * @param retries the jobs made to retry this one's failed rows, oldest first
 */
public record JobLineage(String retryOf, String origin, List<String> retries) {
    public static final JobLineage NONE = new JobLineage(null, null, List.of());

    public JobLineage {
        retries = List.copyOf(Objects.requireNonNull(retries, "retries"));
        if ((retryOf == null) != (origin == null)) {
            throw new IllegalArgumentException("A retry names both its parent and its origin");
        }
    }

    /** The lineage of a job made to retry {@code parent}'s failed rows. */
    public static JobLineage retryOf(BatchJob parent) {
        return new JobLineage(parent.id(), parent.spec().lineage().originOf(parent.id()), List.of());
    }

    /**
     * The job id a row's idempotency key carries for a job of id {@code jobId}: the origin's, so a retried row that the
     * target had in fact applied is recognised and not applied twice.
     */
    public String originOf(String jobId) {
        return origin == null ? jobId : origin;
    }

    public boolean isRetry() {
        return retryOf != null;
    }
}
