package dev.batchjobs.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A batch job as stored. Immutable: every change makes a new value with a higher {@code version}, and
 * status changes go through {@link #moveTo}, which enforces {@link JobStatus}'s transition table.
 *
 * @param uploadUrl the presigned PUT URL issued on creation; kept so that every read (and an
 *                  idempotent replay of the create) shows the same URL and expiry
 * @param input     the input file's format (and, once read, a CSV file's header)
 * @param inputFileName what the client calls the input file (Meteroid's {@code input_file_name}), or null
 * @param inputKey  the S3 key the upload URL writes to, chosen by the server
 * @param jobType   the endpoint's Meteroid job type from the registry, or null (such a job is not on the Meteroid surface)
 * @param createdBy the UUID of the key owner who created it (Meteroid's {@code created_by})
 * @param errorFile the failed rows with their errors, in the input's format, when the job ended with any
 */
public record BatchJob(
        String id,
        String accountId,
        boolean livemode,
        Instant created,
        EndpointRef endpoint,
        int maximumRps,
        Map<String, String> metadata,
        boolean skipValidation,
        NotificationScope notificationScope,
        InputFormat input,
        String inputFileName,
        JobStatus status,
        long version,
        Instant updated,
        String inputKey,
        PresignedUrl uploadUrl,
        JobCounts counts,
        OutputFile outputFile,
        OutputFile errorFile,
        String failureReason,
        Instant finishedAt,
        String jobType,
        String createdBy) {

    public BatchJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(notificationScope, "notificationScope");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(inputKey, "inputKey");
        Objects.requireNonNull(uploadUrl, "uploadUrl");
        Objects.requireNonNull(counts, "counts");
        metadata = Map.copyOf(new TreeMap<>(Objects.requireNonNull(metadata, "metadata")));
    }

    /** The same job in status {@code next}; throws {@link IllegalTransitionException} if not allowed. */
    public BatchJob moveTo(JobStatus next, Instant now) {
        status.checkMoveTo(next);
        return new BatchJob(id, accountId, livemode, created, endpoint, maximumRps, metadata, skipValidation,
                notificationScope, input, inputFileName, next, version + 1, now, inputKey, uploadUrl, counts, outputFile, errorFile, failureReason,
                next.isTerminal() ? now : finishedAt, jobType, createdBy);
    }

    /** The same job with other counters (counters are not part of a transition; they never bump the version). */
    public BatchJob withCounts(JobCounts newCounts) {
        return new BatchJob(id, accountId, livemode, created, endpoint, maximumRps, metadata, skipValidation,
                notificationScope, input, inputFileName, status, version, updated, inputKey, uploadUrl, newCounts, outputFile, errorFile,
                failureReason, finishedAt, jobType, createdBy);
    }

    /** The same job with its results file and, for a failure, the reason people read. */
    public BatchJob withOutcome(OutputFile output, String reason) {
        return new BatchJob(id, accountId, livemode, created, endpoint, maximumRps, metadata, skipValidation,
                notificationScope, input, inputFileName, status, version, updated, inputKey, uploadUrl, counts, output, errorFile, reason,
                finishedAt, jobType, createdBy);
    }

    /** The same job with its error file (the failed rows, ready to fix and upload again). */
    public BatchJob withErrorFile(OutputFile errors) {
        return new BatchJob(id, accountId, livemode, created, endpoint, maximumRps, metadata, skipValidation,
                notificationScope, input, inputFileName, status, version, updated, inputKey, uploadUrl, counts, outputFile, errors,
                failureReason, finishedAt, jobType, createdBy);
    }

    /** The same job with its CSV header recorded (progress, not a transition: no version change). */
    public BatchJob withInputHeader(List<String> header) {
        return new BatchJob(id, accountId, livemode, created, endpoint, maximumRps, metadata, skipValidation,
                notificationScope, input.withHeader(header), inputFileName, status, version, updated, inputKey, uploadUrl, counts,
                outputFile, errorFile, failureReason, finishedAt, jobType, createdBy);
    }

    /** Metadata sorted by key, for stable output. */
    public Map<String, String> sortedMetadata() {
        return new TreeMap<>(metadata);
    }
}
