package dev.batchjobs.aws;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.EndpointRef;
import dev.batchjobs.domain.Hashing;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.IdempotencyClaim;
import dev.batchjobs.domain.InputFormat;
import dev.batchjobs.domain.InvalidCursorException;
import dev.batchjobs.domain.JobConflictException;
import dev.batchjobs.domain.JobCounts;
import dev.batchjobs.domain.JobOutcome;
import dev.batchjobs.domain.JobSpec;
import dev.batchjobs.domain.JobStage;
import dev.batchjobs.domain.JobUpload;
import dev.batchjobs.domain.JobPage;
import dev.batchjobs.domain.JobQuery;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.MeteroidPage;
import dev.batchjobs.domain.MeteroidQuery;
import dev.batchjobs.domain.MeteroidStatus;
import dev.batchjobs.domain.NotificationScope;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.PresignedUrl;
import dev.batchjobs.domain.events.JobEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Jobs in one DynamoDB table keyed by {@code pk}: job items ({@code pk} = job id) and idempotency claims
 * ({@code pk} = {@code idem#account#sha256(key)}). The {@code by_account} index (account, creation
 * time) serves listing; claims carry no {@code account_id}, so the index never sees them. A change's events
 * go to the events table ({@link DynamoDbEventStore}) in the same transaction as the change.
 */
public final class DynamoDbJobStore implements JobStore {
    static final String INDEX_BY_ACCOUNT = "by_account";
    static final String INDEX_BY_UPLOAD_DEADLINE = "by_upload_deadline";
    static final String INDEX_BY_PROCESSING_DEADLINE = "by_processing_deadline";
    static final String INDEX_BY_METEROID_TYPE = "by_meteroid_type";
    static final String INDEX_BY_METEROID_STATUS = "by_meteroid_status";
    /** The one value of the sparse index's key: present exactly while a job waits for its upload. */
    private static final String AWAITING_UPLOAD = "1";
    private static final Pattern LIST_KEY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z#([A-Za-z0-9_]+)");

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String eventsTable;
    private final Clock clock;

    public DynamoDbJobStore(DynamoDbClient dynamoDb, String table, String eventsTable, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.eventsTable = eventsTable;
        this.clock = clock;
    }

    @Override
    public void create(BatchJob job, List<JobEvent> events) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(job))
                .conditionExpression("attribute_not_exists(pk)").build()).build());
        items.addAll(eventPuts(events));
        items.addAll(counterMoves(job, null, MeteroidStatus.of(job)));
        dynamoDb.transactWriteItems(b -> b.transactItems(items));
    }

    /**
     * The counter updates that keep the Meteroid totals in step with a job entering {@code to} (and leaving
     * {@code from}, if any); none for a job without a Meteroid type or a move within one Meteroid status.
     */
    private List<TransactWriteItem> counterMoves(BatchJob job, MeteroidStatus from, MeteroidStatus to) {
        if (job.spec().jobType() == null || from == to) {
            return List.of();
        }
        List<TransactWriteItem> moves = new ArrayList<>();
        if (from != null) {
            moves.add(counterAdd(counterKey(job.accountId(), job.spec().jobType(), from), -1));
        }
        moves.add(counterAdd(counterKey(job.accountId(), job.spec().jobType(), to), 1));
        return moves;
    }

    private TransactWriteItem counterAdd(String key, long delta) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(Map.of("pk", s(key)))
                .updateExpression("ADD n :delta SET #type = :counter")
                .expressionAttributeNames(Map.of("#type", "type"))
                .expressionAttributeValues(Map.of(":delta", n(delta), ":counter", s("counter"))).build()).build();
    }

    private static String counterKey(String accountId, String jobType, MeteroidStatus status) {
        return "count#" + accountId + "#" + jobType + "#" + status.name();
    }

    private List<TransactWriteItem> eventPuts(List<JobEvent> events) {
        return events.stream().map(event -> TransactWriteItem.builder().put(Put.builder().tableName(eventsTable)
                .item(DynamoDbEventStore.toItem(event)).conditionExpression("attribute_not_exists(pk)").build()).build())
                .toList();
    }

    @Override
    public Optional<IdempotencyClaim> createClaimed(BatchJob job, IdempotencyClaim claim, List<JobEvent> events) {
        Map<String, AttributeValue> claimItem = Map.of(
                "pk", s(claimKey(claim.accountId(), claim.key())),
                "type", s("idempotency"),
                "fingerprint", s(claim.fingerprint()),
                "job_id", s(claim.jobId()),
                "expires_at_epoch", n(claim.expiresAt().getEpochSecond()));
        List<TransactWriteItem> items = new ArrayList<>(List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(claimItem)
                        // DynamoDB's TTL deletes lazily: an expired claim counts as free.
                        .conditionExpression("attribute_not_exists(pk) OR expires_at_epoch < :now")
                        .expressionAttributeValues(Map.of(":now", n(clock.instant().getEpochSecond())))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(job))
                        .conditionExpression("attribute_not_exists(pk)").build()).build()));
        items.addAll(eventPuts(events));
        items.addAll(counterMoves(job, null, MeteroidStatus.of(job)));
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(items));
            return Optional.empty();
        } catch (TransactionCanceledException e) {
            CancellationReason claimReason = e.cancellationReasons().get(0);
            if (!"ConditionalCheckFailed".equals(claimReason.code())) {
                throw e;
            }
            Map<String, AttributeValue> old = claimReason.hasItem() && !claimReason.item().isEmpty()
                    ? claimReason.item()
                    : dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                            .key(Map.of("pk", s(claimKey(claim.accountId(), claim.key()))))).item();
            if (old == null || old.isEmpty()) {
                throw new IllegalStateException("Idempotency claim vanished during a conflicting create", e);
            }
            return Optional.of(new IdempotencyClaim(claim.accountId(), claim.key(), old.get("fingerprint").s(),
                    old.get("job_id").s(), Instant.ofEpochSecond(Long.parseLong(old.get("expires_at_epoch").n()))));
        }
    }

    @Override
    public Optional<BatchJob> find(String accountId, String jobId) {
        if (!jobId.startsWith("batchv2_")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", s(jobId)))).item();
        if (item == null || item.isEmpty() || !accountId.equals(item.get("account_id").s())) {
            return Optional.empty();
        }
        return Optional.of(fromItem(item));
    }

    @Override
    public JobPage list(String accountId, JobQuery query) {
        Map<String, AttributeValue> startKey = query.cursor().map(c -> startKey(accountId, c)).orElse(null);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":account", s(accountId));
        String filter = null;
        if (!query.statuses().isEmpty()) {
            names.put("#status", "status");
            List<String> placeholders = new ArrayList<>();
            int i = 0;
            for (JobStatus status : query.statuses()) {
                placeholders.add(":s" + i);
                values.put(":s" + i, s(status.wireName()));
                i++;
            }
            filter = "#status IN (" + String.join(", ", placeholders) + ")";
        }
        List<BatchJob> jobs = new ArrayList<>();
        // Read one more than the page so that a next cursor is only offered when a next job exists.
        do {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(INDEX_BY_ACCOUNT)
                    .keyConditionExpression("account_id = :account").expressionAttributeValues(values)
                    .scanIndexForward(false).limit(query.limit() + 1 - jobs.size()).exclusiveStartKey(startKey);
            if (filter != null) {
                request.filterExpression(filter).expressionAttributeNames(names);
            }
            QueryResponse response = dynamoDb.query(request.build());
            response.items().forEach(item -> jobs.add(fromItem(item)));
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (jobs.size() <= query.limit() && startKey != null);

        if (jobs.size() > query.limit()) {
            List<BatchJob> page = jobs.subList(0, query.limit());
            return new JobPage(page, Optional.of(cursor(page.get(page.size() - 1))));
        }
        return new JobPage(jobs, Optional.empty());
    }

    @Override
    public void recordValidated(String jobId, long validated) {
        setNumber(jobId, "validated_count", validated);
    }

    @Override
    public void recordTotalRows(String jobId, long totalRows) {
        setNumber(jobId, "total_rows", totalRows);
    }

    private void setNumber(String jobId, String attribute, long value) {
        dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("pk", s(jobId)))
                .updateExpression("SET " + attribute + " = :value")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":value", n(value))));
    }

    @Override
    public void recordProcessingDeadline(String jobId, Instant deadline) {
        dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("pk", s(jobId)))
                .updateExpression("SET running = :yes, processing_deadline = :deadline")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":yes", s(AWAITING_UPLOAD), ":deadline", s(Timestamps.format(deadline)))));
    }

    @Override
    public List<BatchJob> runningPast(Instant now, int limit) {
        return due(INDEX_BY_PROCESSING_DEADLINE, "running", "processing_deadline", now, limit).stream()
                .filter(job -> !job.status().isTerminal()).toList();
    }

    @Override
    public List<BatchJob> awaitingUploadPast(Instant now, int limit) {
        return due(INDEX_BY_UPLOAD_DEADLINE, "awaiting_upload", "upload_expires_at", now, limit);
    }

    /** The jobs in a sparse deadline index whose deadline is before {@code now}, read whole. */
    private List<BatchJob> due(String index, String marker, String deadline, Instant now, int limit) {
        List<BatchJob> due = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryResponse page = dynamoDb.query(QueryRequest.builder().tableName(table).indexName(index)
                    .keyConditionExpression(marker + " = :yes AND " + deadline + " < :now")
                    .expressionAttributeValues(Map.of(":yes", s(AWAITING_UPLOAD), ":now", s(Timestamps.format(now))))
                    .limit(limit - due.size()).exclusiveStartKey(startKey).build());
            for (Map<String, AttributeValue> key : page.items()) {
                Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                        .key(Map.of("pk", key.get("pk")))).item();
                if (item != null && !item.isEmpty()) {
                    due.add(fromItem(item));
                }
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null && due.size() < limit);
        return due;
    }

    /**
     * Sets only what a transition changes (status, version, timestamps, outcome), with UpdateItem: counters
     * and other attributes that workers add to the item concurrently are never overwritten.
     */
    @Override
    public void update(BatchJob current, BatchJob next, List<JobEvent> events) {
        Map<String, String> names = new HashMap<>(Map.of("#status", "status"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":expected_status", s(current.status().wireName()),
                ":expected_version", n(current.version()),
                ":account", s(current.accountId()),
                ":status", s(next.status().wireName()),
                ":version", n(next.version()),
                ":updated", s(Timestamps.format(next.stage().updated()))));
        List<String> set = new ArrayList<>(List.of("#status = :status", "version = :version", "updated = :updated"));
        List<String> remove = new ArrayList<>();
        if (next.status() != JobStatus.READY_FOR_UPLOAD) {
            remove.add("awaiting_upload");
        }
        if (next.status().isTerminal()) {
            remove.add("running");
        }
        optional(next.stage().finishedAt() == null ? null : s(Timestamps.format(next.stage().finishedAt())), "finished_at", set, remove, values);
        optional(next.outcome().failureReason() == null ? null : s(next.outcome().failureReason()), "failure_reason", set, remove, values);
        optional(next.outcome().outputFile() == null ? null : s(next.outcome().outputFile().key()), "output_key", set, remove, values);
        optional(next.outcome().outputFile() == null ? null : n(next.outcome().outputFile().size()), "output_size", set, remove, values);
        optional(next.outcome().outputFile() == null ? null : s(next.outcome().outputFile().contentType()), "output_content_type", set, remove, values);
        optional(next.outcome().errorFile() == null ? null : s(next.outcome().errorFile().key()), "error_file_key", set, remove, values);
        optional(next.outcome().errorFile() == null ? null : n(next.outcome().errorFile().size()), "error_file_size", set, remove, values);
        optional(next.outcome().errorFile() == null ? null : s(next.outcome().errorFile().contentType()), "error_file_content_type", set, remove, values);
        MeteroidStatus fromStatus = MeteroidStatus.of(current);
        MeteroidStatus toStatus = MeteroidStatus.of(next);
        if (next.spec().jobType() != null && fromStatus != toStatus) {
            set.add("m_status = :m_status");
            set.add("m_status_key = :m_status_key");
            values.put(":m_status", s(toStatus.name()));
            values.put(":m_status_key", s(meteroidStatusKey(next.accountId(), next.spec().jobType(), toStatus)));
        }
        String expression = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        String condition = "#status = :expected_status AND version = :expected_version AND account_id = :account";
        List<TransactWriteItem> counters = counterMoves(next, fromStatus, toStatus);
        if (events.isEmpty() && counters.isEmpty()) {
            try {
                dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("pk", s(current.id())))
                        .updateExpression(expression).conditionExpression(condition)
                        .expressionAttributeNames(names).expressionAttributeValues(values)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            } catch (ConditionalCheckFailedException e) {
                throw conflict(current, e.hasItem() ? e.item() : null, e);
            }
            return;
        }
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(Map.of("pk", s(current.id())))
                .updateExpression(expression).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build());
        items.addAll(eventPuts(events));
        items.addAll(counters);
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(items));
        } catch (TransactionCanceledException e) {
            CancellationReason reason = e.cancellationReasons().get(0);
            if (!"ConditionalCheckFailed".equals(reason.code())) {
                throw e;
            }
            throw conflict(current, reason.hasItem() ? reason.item() : null, e);
        }
    }

    /** The conflict a lost conditional write reports, carrying the job as stored now. */
    private JobConflictException conflict(BatchJob current, Map<String, AttributeValue> old, RuntimeException cause) {
        Map<String, AttributeValue> stored = old != null && !old.isEmpty() ? old
                : dynamoDb.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of("pk", s(current.id())))).item();
        if (stored == null || stored.isEmpty()) {
            throw new IllegalStateException("Batch job " + current.id() + " disappeared", cause);
        }
        return new JobConflictException(fromItem(stored));
    }

    @Override
    public boolean recordProgressEvent(BatchJob seen, JobEvent event, Duration minInterval) {
        String threshold = Timestamps.format(event.created().minus(minInterval));
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(Update.builder().tableName(table).key(Map.of("pk", s(event.jobId())))
                            .updateExpression("SET last_progress_event = :now")
                            .conditionExpression("account_id = :account AND #status = :status AND version = :version"
                                    + " AND (attribute_not_exists(last_progress_event) OR last_progress_event <= :threshold)")
                            .expressionAttributeNames(Map.of("#status", "status"))
                            .expressionAttributeValues(Map.of(":now", s(Timestamps.format(event.created())),
                                    ":account", s(event.accountId()), ":threshold", s(threshold),
                                    ":status", s(seen.status().wireName()), ":version", n(seen.version())))
                            .build()).build(),
                    eventPuts(List.of(event)).get(0)));
            return true;
        } catch (TransactionCanceledException e) {
            if ("ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                return false;
            }
            throw e;
        }
    }

    private static void optional(AttributeValue value, String attribute, List<String> set, List<String> remove,
                                 Map<String, AttributeValue> values) {
        if (value == null) {
            remove.add(attribute);
        } else {
            set.add(attribute + " = :" + attribute);
            values.put(":" + attribute, value);
        }
    }

    private static String claimKey(String accountId, String key) {
        return "idem#" + accountId + "#" + Hashing.sha256Hex(key);
    }

    private static String listKey(BatchJob job) {
        return Timestamps.format(job.created()) + "#" + job.id();
    }

    private static String cursor(BatchJob job) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(listKey(job).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> startKey(String accountId, String cursor) {
        String listKey;
        try {
            listKey = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException();
        }
        var matcher = LIST_KEY.matcher(listKey);
        if (!matcher.matches()) {
            throw new InvalidCursorException();
        }
        return Map.of("pk", s(matcher.group(1)), "account_id", s(accountId), "list_key", s(listKey));
    }

    static Map<String, AttributeValue> toItem(BatchJob job) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(job.id()));
        item.put("type", s("job"));
        item.put("account_id", s(job.accountId()));
        item.put("list_key", s(listKey(job)));
        item.put("livemode", AttributeValue.fromBool(job.livemode()));
        item.put("created", s(Timestamps.format(job.created())));
        item.put("endpoint_path", s(job.spec().endpoint().path()));
        item.put("endpoint_method", s(job.spec().endpoint().httpMethod().wireName()));
        item.put("maximum_rps", n(job.spec().maximumRps()));
        item.put("metadata", AttributeValue.fromM(job.spec().metadata().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> s(e.getValue())))));
        item.put("skip_validation", AttributeValue.fromBool(job.spec().skipValidation()));
        item.put("notification_scope", s(job.spec().notificationScope().wireName()));
        item.put("status", s(job.status().wireName()));
        item.put("version", n(job.version()));
        item.put("updated", s(Timestamps.format(job.stage().updated())));
        item.put("input_key", s(job.upload().key()));
        item.put("upload_url", s(job.upload().url().url()));
        item.put("upload_expires_at", s(Timestamps.format(job.upload().url().expiresAt())));
        if (job.status() == JobStatus.READY_FOR_UPLOAD) {
            item.put("awaiting_upload", s(AWAITING_UPLOAD));
        }
        item.put("validated_count", n(job.counts().validated()));
        item.put("success_count", n(job.counts().succeeded()));
        item.put("failure_count", n(job.counts().failed()));
        item.put("total_rows", n(job.counts().totalRows()));
        if (job.outcome().outputFile() != null) {
            item.put("output_key", s(job.outcome().outputFile().key()));
            item.put("output_size", n(job.outcome().outputFile().size()));
            item.put("output_content_type", s(job.outcome().outputFile().contentType()));
        }
        if (job.outcome().errorFile() != null) {
            item.put("error_file_key", s(job.outcome().errorFile().key()));
            item.put("error_file_size", n(job.outcome().errorFile().size()));
            item.put("error_file_content_type", s(job.outcome().errorFile().contentType()));
        }
        item.put("input_format", s(job.upload().format().kind().wireName()));
        if (job.upload().fileName() != null) {
            item.put("input_file_name", s(job.upload().fileName()));
        }
        if (job.upload().format().isCsv()) {
            item.put("csv_delimiter", s(String.valueOf(job.upload().format().delimiter())));
            item.put("csv_header", strings(job.upload().format().header()));
        }
        if (job.outcome().failureReason() != null) {
            item.put("failure_reason", s(job.outcome().failureReason()));
        }
        if (job.stage().finishedAt() != null) {
            item.put("finished_at", s(Timestamps.format(job.stage().finishedAt())));
        }
        if (job.createdBy() != null) {
            item.put("created_by", s(job.createdBy()));
        }
        if (job.spec().jobType() != null) {
            MeteroidStatus status = MeteroidStatus.of(job);
            item.put("job_type", s(job.spec().jobType()));
            item.put("m_type_key", s(job.accountId() + "#" + job.spec().jobType()));
            item.put("m_status", s(status.name()));
            item.put("m_status_key", s(meteroidStatusKey(job.accountId(), job.spec().jobType(), status)));
        }
        return item;
    }

    static BatchJob fromItem(Map<String, AttributeValue> item) {
        OutputFile output = item.containsKey("output_key")
                ? new OutputFile(item.get("output_key").s(), num(item, "output_size"), item.get("output_content_type").s())
                : null;
        OutputFile errors = item.containsKey("error_file_key")
                ? new OutputFile(item.get("error_file_key").s(), num(item, "error_file_size"), item.get("error_file_content_type").s())
                : null;
        Map<String, String> metadata = item.get("metadata").m().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s()));
        return new BatchJob(
                item.get("pk").s(),
                item.get("account_id").s(),
                item.get("livemode").bool(),
                Instant.parse(item.get("created").s()),
                item.containsKey("created_by") ? item.get("created_by").s() : null,
                new JobSpec(
                        new EndpointRef(item.get("endpoint_path").s(),
                                HttpMethod.fromWireName(item.get("endpoint_method").s()).orElseThrow()),
                        (int) num(item, "maximum_rps"),
                        metadata,
                        item.get("skip_validation").bool(),
                        NotificationScope.fromWireName(item.get("notification_scope").s()).orElseThrow(),
                        item.containsKey("job_type") ? item.get("job_type").s() : null),
                new JobUpload(
                        input(item),
                        item.containsKey("input_file_name") ? item.get("input_file_name").s() : null,
                        item.get("input_key").s(),
                        new PresignedUrl(item.get("upload_url").s(), Instant.parse(item.get("upload_expires_at").s()))),
                new JobStage(
                        JobStatus.fromWireName(item.get("status").s()).orElseThrow(),
                        num(item, "version"),
                        Instant.parse(item.get("updated").s()),
                        item.containsKey("finished_at") ? Instant.parse(item.get("finished_at").s()) : null),
                new JobCounts(num(item, "validated_count"), num(item, "success_count"), num(item, "failure_count"),
                        num(item, "total_rows")),
                new JobOutcome(output, errors, item.containsKey("failure_reason") ? item.get("failure_reason").s() : null));
    }

    /** The input format; items written before CSV existed have none and are JSONL. */
    private static InputFormat input(Map<String, AttributeValue> item) {
        AttributeValue format = item.get("input_format");
        if (format == null || InputFormat.Kind.fromWireName(format.s()).orElseThrow() == InputFormat.Kind.JSONL) {
            return InputFormat.JSONL;
        }
        List<String> header = item.containsKey("csv_header")
                ? item.get("csv_header").l().stream().map(AttributeValue::s).toList() : List.of();
        return InputFormat.csv(item.get("csv_delimiter").s().charAt(0)).withHeader(header);
    }

    @Override
    public void recordInputHeader(String jobId, List<String> header) {
        dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("pk", s(jobId)))
                .updateExpression("SET csv_header = :header")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":header", strings(header))));
    }

    private static AttributeValue strings(List<String> values) {
        return AttributeValue.fromL(values.stream().map(DynamoDbJobStore::s).toList());
    }

    private static String meteroidStatusKey(String accountId, String jobType, MeteroidStatus status) {
        return accountId + "#" + jobType + "#" + status.name();
    }

    /**
     * The page is read from the Meteroid indexes (by type, or by type and status): each partition gives its
     * newest keys up to the end of the page, they are merged newest first, and the page's jobs are fetched
     * whole. The total is the sum of the counters of every (type, status) asked for.
     */
    @Override
    public MeteroidPage meteroidPage(String accountId, MeteroidQuery query) {
        boolean everyStatus = query.statuses().size() == MeteroidStatus.values().length;
        List<String[]> partitions = new ArrayList<>();
        for (String type : query.jobTypes()) {
            if (everyStatus) {
                partitions.add(new String[] {INDEX_BY_METEROID_TYPE, "m_type_key", accountId + "#" + type});
            } else {
                for (MeteroidStatus status : query.statuses()) {
                    partitions.add(new String[] {INDEX_BY_METEROID_STATUS, "m_status_key", meteroidStatusKey(accountId, type, status)});
                }
            }
        }
        long need = query.offset() + query.perPage();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String[] partition : partitions) {
            Map<String, AttributeValue> startKey = null;
            int read = 0;
            do {
                Map<String, AttributeValue> start = startKey;
                int batch = (int) Math.min(need - read, 1000);
                QueryResponse page = dynamoDb.query(b -> b.tableName(table).indexName(partition[0])
                        .keyConditionExpression(partition[1] + " = :key")
                        .expressionAttributeValues(Map.of(":key", s(partition[2])))
                        .scanIndexForward(false).limit(batch).exclusiveStartKey(start));
                keys.addAll(page.items());
                read += page.items().size();
                startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (startKey != null && read < need);
        }
        List<String> ids = keys.stream()
                .sorted(Comparator.comparing((Map<String, AttributeValue> k) -> k.get("list_key").s()).reversed())
                .skip(query.offset()).limit(query.perPage()).map(k -> k.get("pk").s()).toList();
        Map<String, BatchJob> jobs = new HashMap<>();
        batchGet(ids).forEach(item -> jobs.put(item.get("pk").s(), fromItem(item)));
        List<String> counterKeys = new ArrayList<>();
        for (String type : query.jobTypes()) {
            for (MeteroidStatus status : query.statuses()) {
                counterKeys.add(counterKey(accountId, type, status));
            }
        }
        long total = batchGet(counterKeys).stream().mapToLong(item -> Long.parseLong(item.get("n").n())).sum();
        return new MeteroidPage(ids.stream().map(jobs::get).filter(java.util.Objects::nonNull).toList(), Math.max(0, total));
    }

    /** Items by key, consistently read, in batches of 100 with unprocessed keys retried. */
    private List<Map<String, AttributeValue>> batchGet(List<String> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += 100) {
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().consistentRead(true)
                    .keys(keys.subList(from, Math.min(keys.size(), from + 100)).stream()
                            .map(k -> Map.of("pk", s(k))).toList()).build());
            while (request != null && !request.isEmpty()) {
                Map<String, KeysAndAttributes> current = request;
                BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(current));
                items.addAll(response.responses().getOrDefault(table, List.of()));
                request = response.hasUnprocessedKeys() && !response.unprocessedKeys().isEmpty() ? response.unprocessedKeys() : null;
            }
        }
        return items;
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
