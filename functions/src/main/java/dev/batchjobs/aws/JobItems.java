package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.bool;
import static dev.batchjobs.aws.AttributeValues.instant;
import static dev.batchjobs.aws.AttributeValues.n;
import static dev.batchjobs.aws.AttributeValues.num;
import static dev.batchjobs.aws.AttributeValues.optionalInstant;
import static dev.batchjobs.aws.AttributeValues.optionalText;
import static dev.batchjobs.aws.AttributeValues.s;
import static dev.batchjobs.aws.AttributeValues.stringList;
import static dev.batchjobs.aws.AttributeValues.stringMap;
import static dev.batchjobs.aws.AttributeValues.strings;
import static dev.batchjobs.aws.AttributeValues.text;
import static dev.batchjobs.aws.AttributeValues.time;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.EndpointRef;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.InputFormat;
import dev.batchjobs.domain.JobCounts;
import dev.batchjobs.domain.JobOutcome;
import dev.batchjobs.domain.JobSpec;
import dev.batchjobs.domain.JobStage;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.JobUpload;
import dev.batchjobs.domain.MeteroidStatus;
import dev.batchjobs.domain.NotificationScope;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.PinnedInput;
import dev.batchjobs.domain.PresignedUrl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of the jobs table and the names of their attributes: job items ({@code pk} = job id), idempotency
 * claims ({@code pk} = {@code idem#scope#sha256(key)}) and Meteroid counters ({@code pk} =
 * {@code count#scope#type#status}), where the scope is the account in one mode ({@link ScopeKeys}): so are
 * {@code account_id} and the Meteroid index keys, and nothing of one mode is in the other's partitions. Chunk items live in the same table ({@link ChunkItems}). No other class
 * spells these names.
 */
final class JobItems {
    static final String INDEX_BY_ACCOUNT = "by_account";
    static final String INDEX_BY_UPLOAD_DEADLINE = "by_upload_deadline";
    static final String INDEX_BY_PROCESSING_DEADLINE = "by_processing_deadline";
    static final String INDEX_BY_METEROID_TYPE = "by_meteroid_type";
    static final String INDEX_BY_METEROID_STATUS = "by_meteroid_status";

    static final String PK = "pk";
    static final String TYPE = "type";
    static final String ACCOUNT_ID = "account_id";
    static final String LIST_KEY = "list_key";
    static final String LIVEMODE = "livemode";
    static final String CREATED = "created";
    static final String ENDPOINT_PATH = "endpoint_path";
    static final String ENDPOINT_METHOD = "endpoint_method";
    static final String MAXIMUM_RPS = "maximum_rps";
    static final String METADATA = "metadata";
    static final String SKIP_VALIDATION = "skip_validation";
    static final String NOTIFICATION_SCOPE = "notification_scope";
    static final String STATUS = "status";
    static final String VERSION = "version";
    static final String UPDATED = "updated";
    static final String INPUT_KEY = "input_key";
    static final String UPLOAD_URL = "upload_url";
    /** The server's copy of the upload the job began with (key, the upload's ETag, size). */
    static final String PINNED_KEY = "pinned_key";

    static final String PINNED_ETAG = "pinned_etag";
    static final String PINNED_SIZE = "pinned_size";
    static final String UPLOAD_EXPIRES_AT = "upload_expires_at";
    static final String VALIDATED_COUNT = "validated_count";
    static final String SUCCESS_COUNT = "success_count";
    static final String FAILURE_COUNT = "failure_count";
    static final String TOTAL_ROWS = "total_rows";
    static final String OUTPUT_KEY = "output_key";
    static final String OUTPUT_SIZE = "output_size";
    static final String OUTPUT_CONTENT_TYPE = "output_content_type";
    static final String ERROR_FILE_KEY = "error_file_key";
    static final String ERROR_FILE_SIZE = "error_file_size";
    static final String ERROR_FILE_CONTENT_TYPE = "error_file_content_type";
    static final String INPUT_FORMAT = "input_format";
    static final String INPUT_FILE_NAME = "input_file_name";
    static final String CSV_DELIMITER = "csv_delimiter";
    static final String CSV_HEADER = "csv_header";
    static final String FAILURE_REASON = "failure_reason";
    static final String FINISHED_AT = "finished_at";
    static final String CREATED_BY = "created_by";
    static final String JOB_TYPE = "job_type";
    static final String METEROID_TYPE_KEY = "m_type_key";
    static final String METEROID_STATUS = "m_status";
    static final String METEROID_STATUS_KEY = "m_status_key";
    /** Key of the sparse upload-deadline index: present exactly while a job waits for its upload. */
    static final String AWAITING_UPLOAD = "awaiting_upload";
    /** Key of the sparse processing-deadline index: present from processing until the job ends. */
    static final String RUNNING = "running";

    static final String PROCESSING_DEADLINE = "processing_deadline";
    static final String LAST_PROGRESS_EVENT = "last_progress_event";
    // Worker-owned attributes of a job item, written by DynamoDbChunkStore (and SteeringItems.RATE_SAMPLES).
    static final String PACER_STARTS = "pacer_starts";
    static final String CHUNKS_TOTAL = "chunks_total";
    static final String CHUNKS_SETTLED = "chunks_settled";
    static final String TASK_TOKEN = "task_token";
    /** The lane (queue) the job's chunks were dispatched on; absent: the standard one. */
    static final String CHUNK_LANE = "chunk_lane";
    /** A chunk item's job (also an idempotency claim's: {@link IdempotencyItems}). */
    static final String JOB_ID = "job_id";
    /** A Meteroid counter's count. */
    static final String COUNT = "n";

    static final String TYPE_JOB = "job";
    static final String TYPE_COUNTER = "counter";
    static final String TYPE_CHUNK = "chunk";
    /** The one value of a sparse index's key. */
    static final String MARKER = "1";

    /** What a transition owns: set from the next job's item where it has them, removed where it has not. */
    private static final List<String> TRANSITION_ATTRIBUTES = List.of(
            STATUS,
            VERSION,
            UPDATED,
            FINISHED_AT,
            FAILURE_REASON,
            OUTPUT_KEY,
            OUTPUT_SIZE,
            OUTPUT_CONTENT_TYPE,
            ERROR_FILE_KEY,
            ERROR_FILE_SIZE,
            ERROR_FILE_CONTENT_TYPE,
            PINNED_KEY,
            PINNED_ETAG,
            PINNED_SIZE,
            // Set by the begin transition, in the same write as the status; gone once the job ends.
            RUNNING,
            PROCESSING_DEADLINE);

    private JobItems() {}

    static Map<String, AttributeValue> key(String pk) {
        return Map.of(PK, s(pk));
    }

    static String listKey(Instant created, String jobId) {
        return Timestamps.format(created) + "#" + jobId;
    }

    static String meteroidTypeKey(AccountScope scope, String jobType) {
        return ScopeKeys.of(scope) + "#" + jobType;
    }

    static String meteroidStatusKey(AccountScope scope, String jobType, MeteroidStatus status) {
        return ScopeKeys.of(scope) + "#" + jobType + "#" + status.name();
    }

    static String counterKey(AccountScope scope, String jobType, MeteroidStatus status) {
        return "count#" + meteroidStatusKey(scope, jobType, status);
    }

    /** Whether a job item is in the scope (an item without {@code livemode} is a test item). */
    static boolean inScope(AccountScope scope, Map<String, AttributeValue> item) {
        return ScopeKeys.matches(scope, text(item, ACCOUNT_ID), livemode(item));
    }

    /** Whether a job item belongs to the account, in either mode. */
    static boolean ofAccount(String accountId, Map<String, AttributeValue> item) {
        return accountId.equals(ScopeKeys.accountOf(text(item, ACCOUNT_ID)));
    }

    /**
     * The condition "the stored job is still this job's account's": its {@code account_id} is the job's scope key,
     * or the plain account id of an item written before scopes. Its values are {@link #accountValues}.
     */
    static String accountCondition(String accountName) {
        return accountName + " IN (:account, :scoped)";
    }

    static Map<String, AttributeValue> accountValues(BatchJob job) {
        return Map.of(":account", s(job.accountId()), ":scoped", s(ScopeKeys.of(job.scope())));
    }

    private static boolean livemode(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(LIVEMODE);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    static Map<String, AttributeValue> toItem(BatchJob job) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(job.id()));
        item.put(TYPE, s(TYPE_JOB));
        item.put(ACCOUNT_ID, s(ScopeKeys.of(job.scope())));
        item.put(LIST_KEY, s(listKey(job.created(), job.id())));
        item.put(LIVEMODE, bool(job.livemode()));
        item.put(CREATED, time(job.created()));
        item.put(ENDPOINT_PATH, s(job.spec().endpoint().path()));
        item.put(ENDPOINT_METHOD, s(job.spec().endpoint().httpMethod().wireName()));
        item.put(MAXIMUM_RPS, n(job.spec().maximumRps()));
        item.put(METADATA, stringMap(job.spec().metadata()));
        item.put(SKIP_VALIDATION, bool(job.spec().skipValidation()));
        item.put(NOTIFICATION_SCOPE, s(job.spec().notificationScope().wireName()));
        item.put(STATUS, s(job.status().wireName()));
        item.put(VERSION, n(job.version()));
        item.put(UPDATED, time(job.stage().updated()));
        item.put(INPUT_KEY, s(job.upload().key()));
        item.put(UPLOAD_URL, s(job.upload().url().url()));
        item.put(UPLOAD_EXPIRES_AT, time(job.upload().url().expiresAt()));
        if (job.status() == JobStatus.READY_FOR_UPLOAD) {
            item.put(AWAITING_UPLOAD, s(MARKER));
        }
        if (job.upload().pinned() != null) {
            item.put(PINNED_KEY, s(job.upload().pinned().key()));
            item.put(PINNED_ETAG, s(job.upload().pinned().etag()));
            item.put(PINNED_SIZE, n(job.upload().pinned().size()));
        }
        if (job.stage().processingDeadline() != null && !job.status().isTerminal()) {
            item.put(RUNNING, s(MARKER));
            item.put(PROCESSING_DEADLINE, time(job.stage().processingDeadline()));
        }
        item.put(VALIDATED_COUNT, n(job.counts().validated()));
        item.put(SUCCESS_COUNT, n(job.counts().succeeded()));
        item.put(FAILURE_COUNT, n(job.counts().failed()));
        item.put(TOTAL_ROWS, n(job.counts().totalRows()));
        if (job.outcome().outputFile() != null) {
            item.put(OUTPUT_KEY, s(job.outcome().outputFile().key()));
            item.put(OUTPUT_SIZE, n(job.outcome().outputFile().size()));
            item.put(OUTPUT_CONTENT_TYPE, s(job.outcome().outputFile().contentType()));
        }
        if (job.outcome().errorFile() != null) {
            item.put(ERROR_FILE_KEY, s(job.outcome().errorFile().key()));
            item.put(ERROR_FILE_SIZE, n(job.outcome().errorFile().size()));
            item.put(ERROR_FILE_CONTENT_TYPE, s(job.outcome().errorFile().contentType()));
        }
        item.put(INPUT_FORMAT, s(job.upload().format().kind().wireName()));
        if (job.upload().fileName() != null) {
            item.put(INPUT_FILE_NAME, s(job.upload().fileName()));
        }
        if (job.upload().format().isCsv()) {
            item.put(CSV_DELIMITER, s(String.valueOf(job.upload().format().delimiter())));
            item.put(CSV_HEADER, strings(job.upload().format().header()));
        }
        if (job.outcome().failureReason() != null) {
            item.put(FAILURE_REASON, s(job.outcome().failureReason()));
        }
        if (job.stage().finishedAt() != null) {
            item.put(FINISHED_AT, time(job.stage().finishedAt()));
        }
        if (job.createdBy() != null) {
            item.put(CREATED_BY, s(job.createdBy()));
        }
        if (job.spec().jobType() != null) {
            MeteroidStatus status = MeteroidStatus.of(job);
            item.put(JOB_TYPE, s(job.spec().jobType()));
            item.put(
                    METEROID_TYPE_KEY, s(meteroidTypeKey(job.scope(), job.spec().jobType())));
            item.put(METEROID_STATUS, s(status.name()));
            item.put(
                    METEROID_STATUS_KEY,
                    s(meteroidStatusKey(job.scope(), job.spec().jobType(), status)));
        }
        SteeringItems.write(job, item);
        return item;
    }

    static BatchJob toJob(Map<String, AttributeValue> item) {
        OutputFile output = item.containsKey(OUTPUT_KEY)
                ? new OutputFile(text(item, OUTPUT_KEY), num(item, OUTPUT_SIZE), text(item, OUTPUT_CONTENT_TYPE))
                : null;
        OutputFile errors = item.containsKey(ERROR_FILE_KEY)
                ? new OutputFile(
                        text(item, ERROR_FILE_KEY), num(item, ERROR_FILE_SIZE), text(item, ERROR_FILE_CONTENT_TYPE))
                : null;
        return new BatchJob(
                text(item, PK),
                ScopeKeys.accountOf(text(item, ACCOUNT_ID)),
                livemode(item),
                instant(item, CREATED),
                optionalText(item, CREATED_BY),
                new JobSpec(
                        new EndpointRef(
                                text(item, ENDPOINT_PATH),
                                HttpMethod.fromWireName(text(item, ENDPOINT_METHOD))
                                        .orElseThrow()),
                        (int) num(item, MAXIMUM_RPS),
                        stringMap(item, METADATA),
                        item.get(SKIP_VALIDATION).bool(),
                        NotificationScope.fromWireName(text(item, NOTIFICATION_SCOPE))
                                .orElseThrow(),
                        optionalText(item, JOB_TYPE),
                        SteeringItems.threshold(item),
                        SteeringItems.lineage(item),
                        SteeringItems.processingTimeout(item)),
                new JobUpload(
                        input(item),
                        optionalText(item, INPUT_FILE_NAME),
                        text(item, INPUT_KEY),
                        new PresignedUrl(text(item, UPLOAD_URL), instant(item, UPLOAD_EXPIRES_AT)),
                        item.containsKey(PINNED_KEY)
                                ? new PinnedInput(
                                        text(item, PINNED_KEY), text(item, PINNED_ETAG), num(item, PINNED_SIZE))
                                : null),
                new JobStage(
                        JobStatus.fromWireName(text(item, STATUS)).orElseThrow(),
                        num(item, VERSION),
                        instant(item, UPDATED),
                        optionalInstant(item, FINISHED_AT),
                        optionalInstant(item, PROCESSING_DEADLINE),
                        SteeringItems.atLastResume(item)),
                new JobCounts(
                        num(item, VALIDATED_COUNT),
                        num(item, SUCCESS_COUNT),
                        num(item, FAILURE_COUNT),
                        num(item, TOTAL_ROWS),
                        JobPaceItems.pace(item),
                        SteeringItems.rate(item)),
                new JobOutcome(output, errors, optionalText(item, FAILURE_REASON)));
    }

    /** The input format; items written before CSV existed have none and are JSONL. */
    private static InputFormat input(Map<String, AttributeValue> item) {
        AttributeValue format = item.get(INPUT_FORMAT);
        if (format == null || InputFormat.Kind.fromWireName(format.s()).orElseThrow() == InputFormat.Kind.JSONL) {
            return InputFormat.JSONL;
        }
        List<String> header = item.containsKey(CSV_HEADER) ? stringList(item, CSV_HEADER) : List.of();
        return InputFormat.csv(text(item, CSV_DELIMITER).charAt(0)).withHeader(header);
    }

    /** A guarded UpdateItem's expressions, with the names and values they use. */
    record Expressions(
            String update, String condition, Map<String, String> names, Map<String, AttributeValue> values) {}

    /**
     * The update a transition from {@code current} to {@code next} makes: only what a transition owns (status,
     * version, timestamps, outcome, as {@link #toItem} writes them for {@code next}) and the sparse index keys it
     * ends, so counters and other attributes that workers add concurrently are never overwritten; guarded by the
     * stored job still having {@code current}'s status, version and account.
     */
    static Expressions transition(BatchJob current, BatchJob next) {
        Map<String, AttributeValue> item = toItem(next);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        List<String> owned = new ArrayList<>(TRANSITION_ATTRIBUTES);
        owned.addAll(SteeringItems.TRANSITION_ATTRIBUTES);
        if (next.spec().jobType() != null && MeteroidStatus.of(current) != MeteroidStatus.of(next)) {
            owned.addAll(List.of(METEROID_STATUS, METEROID_STATUS_KEY));
        }
        if (!next.spec().equals(current.spec())) {
            owned.addAll(List.of(MAXIMUM_RPS, METADATA)); // an update: the rest of the spec never changes
        }
        for (String attribute : owned) {
            names.put("#" + attribute, attribute);
            if (item.containsKey(attribute)) {
                set.add("#" + attribute + " = :" + attribute);
                values.put(":" + attribute, item.get(attribute));
            } else {
                remove.add("#" + attribute);
            }
        }
        if (!item.containsKey(AWAITING_UPLOAD)) {
            remove.add(AWAITING_UPLOAD);
        }
        names.put("#" + ACCOUNT_ID, ACCOUNT_ID);
        values.putAll(
                Map.of(":expected_status", s(current.status().wireName()), ":expected_version", n(current.version())));
        values.putAll(accountValues(current));
        return new Expressions(
                "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove)),
                "#" + STATUS + " = :expected_status AND #" + VERSION + " = :expected_version AND "
                        + accountCondition("#" + ACCOUNT_ID),
                names,
                values);
    }
}
