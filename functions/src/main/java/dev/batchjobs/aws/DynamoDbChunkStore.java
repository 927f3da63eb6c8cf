package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.bool;
import static dev.batchjobs.aws.AttributeValues.n;
import static dev.batchjobs.aws.AttributeValues.num;
import static dev.batchjobs.aws.AttributeValues.s;

import dev.batchjobs.domain.chunks.Checkpoint;
import dev.batchjobs.domain.chunks.ChunkConflictException;
import dev.batchjobs.domain.chunks.ChunkLane;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ChunkStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Chunk items live in the jobs table ({@link ChunkItems}); a checkpoint is one transaction over the chunk item,
 * the job item's worker-owned attributes ({@link JobItems}) and the failures table ({@link FailureItems}).
 */
public final class DynamoDbChunkStore implements ChunkStore {
    private static final int MAX_NUMBERING_RETRIES = 5;
    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    private static final String EXISTS = "attribute_exists(" + JobItems.PK + ")";

    private final DynamoDbClient dynamoDb;
    private final JobsTable jobs;
    private final String failuresTable;

    public DynamoDbChunkStore(DynamoDbClient dynamoDb, String table, String failuresTable) {
        this.dynamoDb = dynamoDb;
        this.jobs = new JobsTable(dynamoDb, table);
        this.failuresTable = failuresTable;
    }

    @Override
    public void plan(String jobId, List<ChunkState> chunks) {
        // Batched: the items already there (a retried plan step) are read first and kept as they are.
        new ChunkPlanWrites(dynamoDb, jobs.name).plan(jobId, chunks);
    }

    @Override
    public Optional<ChunkState> find(String jobId, int index) {
        return Optional.ofNullable(jobs.get(ChunkItems.chunkKey(jobId, index)))
                .map(item -> ChunkItems.toChunk(jobId, index, item));
    }

    @Override
    public List<ChunkState> findAll(String jobId, int count) {
        return new ChunkBatchReads(dynamoDb, jobs.name).read(jobId, count);
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
        checkpoint
                .rowsDone()
                .forEach(row -> done.set(Math.toIntExact(row - current.range().firstRow())));
        ChunkState next = new ChunkState(
                current.jobId(),
                current.index(),
                current.range(),
                done,
                current.parts() + 1,
                current.succeeded() + checkpoint.succeeded(),
                current.failed() + checkpoint.failed(),
                current.version() + 1,
                current.partTokensWith(checkpoint.partToken()));
        Update chunk = Update.builder()
                .tableName(jobs.name)
                .key(ChunkItems.key(current.jobId(), current.index()))
                .updateExpression("SET " + ChunkItems.DONE + " = :done, " + ChunkItems.PARTS + " = :parts, "
                        + ChunkItems.SUCCEEDED + " = :succeeded, " + ChunkItems.FAILED + " = :failed, "
                        + ChunkItems.PART_TOKENS + " = :part_tokens, " + JobItems.VERSION + " = :next_version")
                .conditionExpression(JobItems.VERSION + " = :version")
                .expressionAttributeValues(Map.of(
                        ":done", ChunkItems.done(done),
                        ":parts", n(next.parts()),
                        ":succeeded", n(next.succeeded()),
                        ":failed", n(next.failed()),
                        ":next_version", n(next.version()),
                        ":part_tokens", ChunkItems.partTokens(next.partTokens()),
                        ":version", n(current.version())))
                .build();
        for (int attempt = 0; attempt < MAX_NUMBERING_RETRIES; attempt++) {
            Map<String, AttributeValue> jobValues = new HashMap<>(Map.of(
                    ":succeeded", n(checkpoint.succeeded()),
                    ":failed", n(checkpoint.failed()),
                    ":rate", SteeringItems.rate(checkpoint.rate())));
            // Only a run's last checkpoint carries pacer starts; the others leave the saved ones alone.
            String pacerSet = "";
            if (!checkpoint.pacerHistory().isEmpty()) {
                jobValues.put(
                        ":pacer",
                        AttributeValue.fromL(checkpoint.pacerHistory().stream()
                                .map(i -> n(i.toEpochMilli()))
                                .toList()));
                pacerSet = JobItems.PACER_STARTS + " = :pacer, ";
            }
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(TransactWriteItem.builder().update(chunk).build());
            String condition = EXISTS;
            if (!checkpoint.failures().isEmpty()) {
                long base = failureCount(current.jobId());
                // Every job item is created with failure_count 0.
                condition += " AND " + JobItems.FAILURE_COUNT + " = :base";
                jobValues.put(":base", n(base));
                items.add(null);
                items.add(TransactWriteItem.builder()
                        .put(Put.builder()
                                .tableName(failuresTable)
                                .item(FailureItems.toItem(
                                        current.jobId(), current.index(), base, checkpoint.failures()))
                                .conditionExpression("attribute_not_exists(" + FailureItems.JOB_ID + ")")
                                .build())
                        .build());
            } else {
                items.add(null);
            }
            items.set(
                    1,
                    TransactWriteItem.builder()
                            .update(Update.builder()
                                    .tableName(jobs.name)
                                    .key(JobItems.key(current.jobId()))
                                    .updateExpression(
                                            "ADD " + JobItems.SUCCESS_COUNT + " :succeeded, " + JobItems.FAILURE_COUNT
                                                    + " :failed SET " + pacerSet + SteeringItems.RATE_SAMPLES
                                                    + " = :rate")
                                    .conditionExpression(condition)
                                    .expressionAttributeValues(jobValues)
                                    .build())
                            .build());
            try {
                Transactions.write(dynamoDb, items);
                return next;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (CONDITIONAL_CHECK_FAILED.equals(reasons.get(0).code())) {
                    throw new ChunkConflictException(current.jobId(), current.index());
                }
                boolean numberingRaced = reasons.size() > 1
                        && CONDITIONAL_CHECK_FAILED.equals(reasons.get(1).code())
                        && !checkpoint.failures().isEmpty();
                if (!numberingRaced) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException(
                "The failure count of " + current.jobId() + " kept changing during a checkpoint");
    }

    private long failureCount(String jobId) {
        Map<String, AttributeValue> item = jobs.get(jobId, JobItems.FAILURE_COUNT);
        return item == null || !item.containsKey(JobItems.FAILURE_COUNT) ? 0 : num(item, JobItems.FAILURE_COUNT);
    }

    @Override
    public void recordPace(String jobId, int effectiveRps, long newlyThrottled) {
        dynamoDb.updateItem(b -> b.tableName(jobs.name)
                .key(JobItems.key(jobId))
                .updateExpression("SET " + JobPaceItems.EFFECTIVE_RPS + " = :rps ADD " + JobPaceItems.THROTTLED_COUNT
                        + " :throttled")
                .conditionExpression(EXISTS)
                .expressionAttributeValues(Map.of(":rps", n(effectiveRps), ":throttled", n(newlyThrottled))));
    }

    @Override
    public List<Instant> pacerHistory(String jobId) {
        Map<String, AttributeValue> item = jobs.get(jobId, JobItems.PACER_STARTS);
        if (item == null || !item.containsKey(JobItems.PACER_STARTS)) {
            return List.of();
        }
        return item.get(JobItems.PACER_STARTS).l().stream()
                .map(v -> Instant.ofEpochMilli(Long.parseLong(v.n())))
                .toList();
    }

    @Override
    public Optional<Integer> dispatchedChunks(String jobId) {
        Map<String, AttributeValue> item = jobs.get(jobId, JobItems.CHUNKS_TOTAL);
        return item == null || !item.containsKey(JobItems.CHUNKS_TOTAL)
                ? Optional.empty()
                : Optional.of((int) num(item, JobItems.CHUNKS_TOTAL));
    }

    @Override
    public Optional<String> taskToken(String jobId) {
        Map<String, AttributeValue> item = jobs.get(jobId, JobItems.TASK_TOKEN);
        return item == null
                ? Optional.empty()
                : Optional.ofNullable(item.get(JobItems.TASK_TOKEN)).map(AttributeValue::s);
    }

    @Override
    public ChunkLane dispatchedLane(String jobId) {
        Map<String, AttributeValue> item = jobs.get(jobId, JobItems.CHUNK_LANE);
        return item == null || !item.containsKey(JobItems.CHUNK_LANE)
                ? ChunkLane.STANDARD
                : ChunkLane.fromWireName(item.get(JobItems.CHUNK_LANE).s());
    }

    @Override
    public void recordDispatch(String jobId, int chunkCount, String taskToken, ChunkLane lane) {
        dynamoDb.updateItem(b -> b.tableName(jobs.name)
                .key(JobItems.key(jobId))
                .updateExpression("SET " + JobItems.CHUNKS_TOTAL + " = :total, " + JobItems.TASK_TOKEN + " = :token, "
                        + JobItems.CHUNKS_SETTLED + " = if_not_exists(" + JobItems.CHUNKS_SETTLED + ", :zero), "
                        + JobItems.CHUNK_LANE + " = if_not_exists(" + JobItems.CHUNK_LANE + ", :lane)")
                .conditionExpression(EXISTS)
                .expressionAttributeValues(Map.of(
                        ":total", n(chunkCount), ":token", s(taskToken), ":zero", n(0), ":lane", s(lane.wireName()))));
    }

    @Override
    public Optional<Settlement> settle(String jobId, int index) {
        Update chunk = Update.builder()
                .tableName(jobs.name)
                .key(ChunkItems.key(jobId, index))
                .updateExpression("SET " + ChunkItems.SETTLED + " = :yes")
                .conditionExpression(EXISTS + " AND attribute_not_exists(" + ChunkItems.SETTLED + ")")
                .expressionAttributeValues(Map.of(":yes", bool(true)))
                .build();
        Update job = Update.builder()
                .tableName(jobs.name)
                .key(JobItems.key(jobId))
                .updateExpression("ADD " + JobItems.CHUNKS_SETTLED + " :one")
                .conditionExpression(EXISTS)
                .expressionAttributeValues(Map.of(":one", n(1)))
                .build();
        try {
            Transactions.write(
                    dynamoDb,
                    List.of(
                            TransactWriteItem.builder().update(chunk).build(),
                            TransactWriteItem.builder().update(job).build()));
        } catch (TransactionCanceledException e) {
            if (CONDITIONAL_CHECK_FAILED.equals(e.cancellationReasons().get(0).code())) {
                return Optional.empty();
            }
            throw e;
        }
        // Read after the write: two last settles may both see the full count; the second token send is refused
        // by Step Functions and harmless.
        Map<String, AttributeValue> item =
                jobs.get(jobId, String.join(", ", JobItems.CHUNKS_SETTLED, JobItems.CHUNKS_TOTAL, JobItems.TASK_TOKEN));
        return Optional.of(new Settlement(
                num(item, JobItems.CHUNKS_SETTLED),
                Optional.ofNullable(item.get(JobItems.CHUNKS_TOTAL)).map(v -> Integer.parseInt(v.n())),
                Optional.ofNullable(item.get(JobItems.TASK_TOKEN)).map(AttributeValue::s)));
    }
}
