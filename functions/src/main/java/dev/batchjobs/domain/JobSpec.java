package dev.batchjobs.domain;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a job runs: the endpoint every row targets, the pace, the client's metadata, and how rows are sent. Fixed
 * when it is created, but for the pace and the metadata, which an update may change while the job runs.
 *
 * @param jobType the endpoint's Meteroid job type from the registry, or null (such a job is not on the Meteroid surface)
 * @param failureThreshold the job's canary, or null when it has none
 * @param lineage the job's place among retries ({@link JobLineage#NONE} for most jobs)
 * @param processingTimeout how long the job may process from its upload (set at create); null for a job stored
 *     before jobs had their own, which gets the deployment's default when it begins
 */
public record JobSpec(
        EndpointRef endpoint,
        int maximumRps,
        Map<String, String> metadata,
        boolean skipValidation,
        NotificationScope notificationScope,
        String jobType,
        FailureThreshold failureThreshold,
        JobLineage lineage,
        Duration processingTimeout) {

    /** A spec outside any retry, with the deployment's processing timeout. */
    public JobSpec(
            EndpointRef endpoint,
            int maximumRps,
            Map<String, String> metadata,
            boolean skipValidation,
            NotificationScope notificationScope,
            String jobType,
            FailureThreshold failureThreshold) {
        this(
                endpoint,
                maximumRps,
                metadata,
                skipValidation,
                notificationScope,
                jobType,
                failureThreshold,
                JobLineage.NONE,
                null);
    }

    /** A spec without a failure threshold. */
    public JobSpec(
            EndpointRef endpoint,
            int maximumRps,
            Map<String, String> metadata,
            boolean skipValidation,
            NotificationScope notificationScope,
            String jobType) {
        this(endpoint, maximumRps, metadata, skipValidation, notificationScope, jobType, null);
    }

    public JobSpec {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(notificationScope, "notificationScope");
        metadata = Map.copyOf(new TreeMap<>(Objects.requireNonNull(metadata, "metadata")));
        Objects.requireNonNull(lineage, "lineage");
    }

    /** The same spec with another lineage. */
    public JobSpec withLineage(JobLineage next) {
        return new JobSpec(
                endpoint,
                maximumRps,
                metadata,
                skipValidation,
                notificationScope,
                jobType,
                failureThreshold,
                next,
                processingTimeout);
    }

    /** The same spec with another pace and metadata (what an update may change). */
    public JobSpec withPaceAndMetadata(int rps, Map<String, String> nextMetadata) {
        return new JobSpec(
                endpoint,
                rps,
                nextMetadata,
                skipValidation,
                notificationScope,
                jobType,
                failureThreshold,
                lineage,
                processingTimeout);
    }

    /** The job's own timeout, or the deployment's default for a job stored without one. */
    public Duration processingTimeout(ProcessingTimeouts deployment) {
        return processingTimeout != null ? processingTimeout : deployment.standard();
    }

    public Optional<FailureThreshold> threshold() {
        return Optional.ofNullable(failureThreshold);
    }

    /** Metadata sorted by key, for stable output. */
    public Map<String, String> sortedMetadata() {
        return new TreeMap<>(metadata);
    }
}
