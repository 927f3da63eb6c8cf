package dev.batchjobs.aws;

import dev.batchjobs.domain.chunks.Checkpoint;
import dev.batchjobs.domain.chunks.ChunkConflictException;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ChunkStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Chunk items live in the jobs table ({@code pk = chunk#JOB#INDEX}, no {@code account_id}, so listing never
 * sees them). A checkpoint is one transaction over the chunk item and the job item.
 */
public final class DynamoDbChunkStore implements ChunkStore {
    private static final int MAX_NUMBERING_RETRIES = 5;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String failuresTable;

    public DynamoDbChunkStore(DynamoDbClient dynamoDb, String table, String failuresTable) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.failuresTable = failuresTable;
    }

    @Override
    public void plan(String jobId, List<ChunkState> chunks) {
        for (ChunkState chunk : chunks) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", DynamoDbJobStore.s(key(jobId, chunk.index())));
            item.put("type", DynamoDbJobStore.s("chunk"));
            item.put("job_id", DynamoDbJobStore.s(jobId));
            item.put("idx", DynamoDbJobStore.n(chunk.index()));
            item.put("start_offset", DynamoDbJobStore.n(chunk.range().startOffset()));
            item.put("end_offset", DynamoDbJobStore.n(chunk.range().endOffset()));
            item.put("first_row", DynamoDbJobStore.n(chunk.range().firstRow()));
            item.put("row_count", DynamoDbJobStore.n(chunk.range().rowCount()));
            item.put("first_line", DynamoDbJobStore.n(chunk.range().firstLine()));
            item.put("done", AttributeValue.fromB(SdkBytes.fromByteArray(chunk.done().toByteArray())));
            item.put("parts", DynamoDbJobStore.n(chunk.parts()));
            item.put("succeeded", DynamoDbJobStore.n(chunk.succeeded()));
            item.put("failed", DynamoDbJobStore.n(chunk.failed()));
            item.put("version", DynamoDbJobStore.n(chunk.version()));
            try {
                dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            } catch (ConditionalCheckFailedException alreadyPlanned) {
                // A retried plan step: the chunk and its progress stay as they are.
            }
        }
    }

    @Override
    public Optional<ChunkState> find(String jobId, int index) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", DynamoDbJobStore.s(key(jobId, index))))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ChunkState(jobId, index,
                new ChunkRange(num(item, "start_offset"), num(item, "end_offset"), num(item, "first_row"),
                        (int) num(item, "row_count"), num(item, "first_line")),
                BitSet.valueOf(item.get("done").b().asByteArray()), (int) num(item, "parts"), num(item, "succeeded"),
                num(item, "failed"), num(item, "version")));
    }

    /**
     * One transaction: the chunk's rows and counts (conditional on its version), the job's counters and pacer
     * history, and the checkpoint's failures as one item of the failures table, numbered from the job's failure
     * count (conditional on that count, so numbering has no gap and no overlap; a concurrent checkpoint of
     * another chunk only makes this one read the count again).
     */
    @Override
    public ChunkState checkpoint(ChunkState current, Checkpoint checkpoint) {
        BitSet done = current.done();
        checkpoint.rowsDone().forEach(row -> done.set(Math.toIntExact(row - current.range().firstRow())));
        ChunkState next = new ChunkState(current.jobId(), current.index(), current.range(), done, current.parts() + 1,
                current.succeeded() + checkpoint.succeeded(), current.failed() + checkpoint.failed(),
                current.version() + 1);
        Update chunk = Update.builder().tableName(table)
                .key(Map.of("pk", DynamoDbJobStore.s(key(current.jobId(), current.index()))))
                .updateExpression("SET done = :done, parts = :parts, succeeded = :succeeded, failed = :failed, "
                        + "version = :next_version")
                .conditionExpression("version = :version")
                .expressionAttributeValues(Map.of(
                        ":done", AttributeValue.fromB(SdkBytes.fromByteArray(done.toByteArray())),
                        ":parts", DynamoDbJobStore.n(next.parts()),
                        ":succeeded", DynamoDbJobStore.n(next.succeeded()),
                        ":failed", DynamoDbJobStore.n(next.failed()),
                        ":next_version", DynamoDbJobStore.n(next.version()),
                        ":version", DynamoDbJobStore.n(current.version())))
                .build();
        for (int attempt = 0; attempt < MAX_NUMBERING_RETRIES; attempt++) {
            Map<String, AttributeValue> jobValues = new HashMap<>(Map.of(
                    ":succeeded", DynamoDbJobStore.n(checkpoint.succeeded()),
                    ":failed", DynamoDbJobStore.n(checkpoint.failed()),
                    ":pacer", AttributeValue.fromL(checkpoint.pacerHistory().stream()
                            .map(i -> DynamoDbJobStore.n(i.toEpochMilli())).toList())));
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(TransactWriteItem.builder().update(chunk).build());
            String condition = "attribute_exists(pk)";
            if (!checkpoint.failures().isEmpty()) {
                long base = failureCount(current.jobId());
                // Every job item is created with failure_count 0.
                condition += " AND failure_count = :base";
                jobValues.put(":base", DynamoDbJobStore.n(base));
                items.add(null);
                items.add(TransactWriteItem.builder().put(Put.builder().tableName(failuresTable)
                        .item(DynamoDbFailureStore.toItem(current.jobId(), current.index(), base, checkpoint.failures()))
                        .conditionExpression("attribute_not_exists(job_id)").build()).build());
            } else {
                items.add(null);
            }
            items.set(1, TransactWriteItem.builder().update(Update.builder().tableName(table)
                    .key(Map.of("pk", DynamoDbJobStore.s(current.jobId())))
                    .updateExpression("ADD success_count :succeeded, failure_count :failed SET pacer_starts = :pacer")
                    .conditionExpression(condition).expressionAttributeValues(jobValues).build()).build());
            try {
                dynamoDb.transactWriteItems(b -> b.transactItems(items));
                return next;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if ("ConditionalCheckFailed".equals(reasons.get(0).code())) {
                    throw new ChunkConflictException(current.jobId(), current.index());
                }
                boolean numberingRaced = reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code())
                        && !checkpoint.failures().isEmpty();
                if (!numberingRaced) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("The failure count of " + current.jobId() + " kept changing during a checkpoint");
    }

    private long failureCount(String jobId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", DynamoDbJobStore.s(jobId))).projectionExpression("failure_count")).item();
        return item == null || !item.containsKey("failure_count") ? 0 : Long.parseLong(item.get("failure_count").n());
    }

    @Override
    public List<Instant> pacerHistory(String jobId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", DynamoDbJobStore.s(jobId))).projectionExpression("pacer_starts")).item();
        if (item == null || !item.containsKey("pacer_starts")) {
            return List.of();
        }
        return item.get("pacer_starts").l().stream().map(v -> Instant.ofEpochMilli(Long.parseLong(v.n()))).toList();
    }

    @Override
    public Optional<Integer> dispatchedChunks(String jobId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", DynamoDbJobStore.s(jobId))).projectionExpression("chunks_total")).item();
        return item == null || !item.containsKey("chunks_total") ? Optional.empty()
                : Optional.of(Integer.parseInt(item.get("chunks_total").n()));
    }

    @Override
    public void recordDispatch(String jobId, int chunkCount, String taskToken) {
        dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("pk", DynamoDbJobStore.s(jobId)))
                .updateExpression("SET chunks_total = :total, task_token = :token, "
                        + "chunks_settled = if_not_exists(chunks_settled, :zero)")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":total", DynamoDbJobStore.n(chunkCount),
                        ":token", DynamoDbJobStore.s(taskToken), ":zero", DynamoDbJobStore.n(0))));
    }

    @Override
    public Optional<Settlement> settle(String jobId, int index) {
        Update chunk = Update.builder().tableName(table).key(Map.of("pk", DynamoDbJobStore.s(key(jobId, index))))
                .updateExpression("SET settled = :yes")
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(settled)")
                .expressionAttributeValues(Map.of(":yes", AttributeValue.fromBool(true)))
                .build();
        Update job = Update.builder().tableName(table).key(Map.of("pk", DynamoDbJobStore.s(jobId)))
                .updateExpression("ADD chunks_settled :one")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":one", DynamoDbJobStore.n(1)))
                .build();
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(chunk).build(), TransactWriteItem.builder().update(job).build()));
        } catch (TransactionCanceledException e) {
            if ("ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                return Optional.empty();
            }
            throw e;
        }
        // Read after the write: two last settles may both see the full count; the second token send is refused
        // by Step Functions and harmless.
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", DynamoDbJobStore.s(jobId)))
                .projectionExpression("chunks_settled, chunks_total, task_token")).item();
        return Optional.of(new Settlement(num(item, "chunks_settled"),
                Optional.ofNullable(item.get("chunks_total")).map(v -> Integer.parseInt(v.n())),
                Optional.ofNullable(item.get("task_token")).map(AttributeValue::s)));
    }

    private static String key(String jobId, int index) {
        return "chunk#" + jobId + "#" + index;
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }
}
