package dev.batchjobs.domain.events;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.Preflight;
import dev.batchjobs.domain.ProgressPlan;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One lifecycle event of a batch job: a Stripe v2 thin event about the job ({@code related_object}), with the
 * job's metadata and its counts at the moment of the change. Immutable and stored once per account.
 *
 * @param type   e.g. {@code v2.core.batch_job.completed}
 * @param retryOf beyond the reference, the job whose failed rows this job runs again; null unless it is a retry
 * @param counts the job's counters as the change saw them
 */
public record JobEvent(
        String id,
        String accountId,
        boolean livemode,
        String type,
        Instant created,
        String jobId,
        String retryOf,
        Map<String, String> metadata,
        Counts counts) {

    public static final String RELATED_OBJECT_TYPE = "v2.core.batch_job";

    /** The account and mode the event belongs to. */
    public AccountScope scope() {
        return new AccountScope(accountId, livemode);
    }

    /**
     * @param status the job's status after the change
     * @param totalCount rows in the input, or -1 while unknown
     * @param plan beyond the reference, a running (paused, cancelling) job's rate and estimated completion at the
     *     change, as its {@code status_details} showed them; null for other events
     * @param preflight beyond the reference, the validation's estimate, on a validating job's events and on the event
     *     that leaves validation; null for other events
     */
    public record Counts(
            String status,
            long validatedCount,
            long successCount,
            long failureCount,
            long totalCount,
            ProgressPlan plan,
            Preflight preflight) {
        public Counts {
            Objects.requireNonNull(status, "status");
        }

        /** Counts without a plan. */
        public Counts(String status, long validatedCount, long successCount, long failureCount, long totalCount) {
            this(status, validatedCount, successCount, failureCount, totalCount, null, null);
        }
    }

    public JobEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(counts, "counts");
        metadata = Map.copyOf(new TreeMap<>(Objects.requireNonNull(metadata, "metadata")));
    }

    /** Where the job can be read, as a v2 API path. */
    public String relatedObjectUrl() {
        return "/v2/core/batch_jobs/" + jobId;
    }

    public Map<String, String> sortedMetadata() {
        return new TreeMap<>(metadata);
    }
}
