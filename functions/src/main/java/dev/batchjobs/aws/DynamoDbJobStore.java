package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.n;
import static dev.batchjobs.aws.AttributeValues.present;
import static dev.batchjobs.aws.AttributeValues.s;
import static dev.batchjobs.aws.AttributeValues.strings;
import static dev.batchjobs.aws.AttributeValues.time;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.IdempotencyClaim;
import dev.batchjobs.domain.JobConflictException;
import dev.batchjobs.domain.JobPage;
import dev.batchjobs.domain.JobQuery;
import dev.batchjobs.domain.JobRetries;
import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.MeteroidPage;
import dev.batchjobs.domain.MeteroidQuery;
import dev.batchjobs.domain.MeteroidStatus;
import dev.batchjobs.domain.events.JobEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Jobs in one DynamoDB table keyed by {@code pk} ({@link JobItems}). Writes are here: creation (with an
 * idempotency claim), guarded transitions, progress. A change's events go to the events table
 * ({@link EventItems}) and its Meteroid counter moves ({@link MeteroidCounters}) in the same transaction as the
 * change. Listing is {@link DynamoDbJobListings}'s, the sweeper's indexes {@link DynamoDbSweeperQueries}'s.
 */
public final class DynamoDbJobStore implements JobStore, JobRetries {
    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";

    private final JobsTable table;
    private final String eventsTable;
    private final Clock clock;
    private final MeteroidCounters counters;
    private final DynamoDbJobListings listings;
    private final DynamoDbSweeperQueries sweeper;

    public DynamoDbJobStore(DynamoDbClient dynamoDb, String table, String eventsTable, Clock clock) {
        this.table = new JobsTable(dynamoDb, table);
        this.eventsTable = eventsTable;
        this.clock = clock;
        this.counters = new MeteroidCounters(this.table);
        this.listings = new DynamoDbJobListings(this.table, counters);
        this.sweeper = new DynamoDbSweeperQueries(this.table);
    }

    @Override
    public void create(BatchJob job, List<JobEvent> events) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(newJob(job));
        items.addAll(eventPuts(events));
        items.addAll(counters.moves(job, null, MeteroidStatus.of(job)));
        Transactions.write(table.dynamoDb, items);
    }

    private TransactWriteItem newJob(BatchJob job) {
        return TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(table.name)
                        .item(JobItems.toItem(job))
                        .conditionExpression("attribute_not_exists(" + JobItems.PK + ")")
                        .build())
                .build();
    }

    private List<TransactWriteItem> eventPuts(List<JobEvent> events) {
        return events.stream()
                .map(event -> TransactWriteItem.builder()
                        .put(Put.builder()
                                .tableName(eventsTable)
                                .item(EventItems.toItem(event))
                                .conditionExpression("attribute_not_exists(" + EventItems.PK + ")")
                                .build())
                        .build())
                .toList();
    }

    @Override
    public Optional<IdempotencyClaim> createClaimed(BatchJob job, IdempotencyClaim claim, List<JobEvent> events) {
        List<TransactWriteItem> items = new ArrayList<>(List.of(
                TransactWriteItem.builder()
                        .put(Put.builder()
                                .tableName(table.name)
                                .item(IdempotencyItems.toItem(claim))
                                // DynamoDB's TTL deletes lazily: an expired claim counts as free.
                                .conditionExpression("attribute_not_exists(" + JobItems.PK + ") OR "
                                        + IdempotencyItems.EXPIRES_AT_EPOCH + " < :now")
                                .expressionAttributeValues(
                                        Map.of(":now", n(clock.instant().getEpochSecond())))
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                .build())
                        .build(),
                newJob(job)));
        items.addAll(eventPuts(events));
        items.addAll(counters.moves(job, null, MeteroidStatus.of(job)));
        try {
            Transactions.write(table.dynamoDb, items);
            return Optional.empty();
        } catch (TransactionCanceledException e) {
            CancellationReason claimReason = e.cancellationReasons().get(0);
            if (!CONDITIONAL_CHECK_FAILED.equals(claimReason.code())) {
                throw e;
            }
            Map<String, AttributeValue> old =
                    claimReason.hasItem() && !claimReason.item().isEmpty()
                            ? claimReason.item()
                            : table.get(IdempotencyItems.claimKey(claim.scope(), claim.key()));
            if (old == null) {
                throw new IllegalStateException("Idempotency claim vanished during a conflicting create", e);
            }
            return Optional.of(IdempotencyItems.toClaim(claim.scope(), claim.key(), old));
        }
    }

    @Override
    public Optional<BatchJob> find(String accountId, String jobId) {
        if (!jobId.startsWith("batchv2_")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = table.get(jobId);
        if (item == null || !JobItems.ofAccount(accountId, item)) {
            return Optional.empty();
        }
        return Optional.of(JobItems.toJob(item));
    }

    @Override
    public Optional<BatchJob> find(AccountScope scope, String jobId) {
        if (!jobId.startsWith("batchv2_")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = table.get(jobId);
        if (item == null || !JobItems.inScope(scope, item)) {
            return Optional.empty();
        }
        return Optional.of(JobItems.toJob(item));
    }

    @Override
    public JobPage list(AccountScope scope, JobQuery query) {
        return listings.list(scope, query);
    }

    @Override
    public MeteroidPage meteroidPage(AccountScope scope, MeteroidQuery query) {
        return listings.meteroidPage(scope, query);
    }

    @Override
    public List<BatchJob> runningPast(Instant now, int limit) {
        return sweeper.runningPast(now, limit);
    }

    @Override
    public List<BatchJob> awaitingUploadPast(Instant now, int limit) {
        return sweeper.awaitingUploadPast(now, limit);
    }

    @Override
    public void recordValidated(String jobId, long validated) {
        setExisting(jobId, JobItems.VALIDATED_COUNT + " = :value", Map.of(":value", n(validated)));
    }

    @Override
    public void recordTotalRows(String jobId, long totalRows) {
        setExisting(jobId, JobItems.TOTAL_ROWS + " = :value", Map.of(":value", n(totalRows)));
    }

    @Override
    public void recordInputHeader(String jobId, List<String> header) {
        setExisting(jobId, JobItems.CSV_HEADER + " = :header", Map.of(":header", strings(header)));
    }

    /** Progress, not a transition: sets attributes of an existing job with no version change. */
    /** A list append no transition owns, so no later transition of the parent overwrites it. */
    @Override
    public void recordRetry(String parentId, String retryId) {
        setExisting(
                parentId,
                SteeringItems.RETRIES + " = list_append(if_not_exists(" + SteeringItems.RETRIES + ", :none), :retry)",
                Map.of(":none", AttributeValue.fromL(List.of()), ":retry", AttributeValue.fromL(List.of(s(retryId)))));
    }

    private void setExisting(String jobId, String assignments, Map<String, AttributeValue> values) {
        table.dynamoDb.updateItem(b -> b.tableName(table.name)
                .key(JobItems.key(jobId))
                .updateExpression("SET " + assignments)
                .conditionExpression("attribute_exists(" + JobItems.PK + ")")
                .expressionAttributeValues(values));
    }

    /**
     * Sets only what a transition changes ({@link JobItems#transition}), with UpdateItem: counters and other
     * attributes that workers add to the item concurrently are never overwritten.
     */
    @Override
    public void update(BatchJob current, BatchJob next, List<JobEvent> events) {
        JobItems.Expressions change = JobItems.transition(current, next);
        List<TransactWriteItem> counterMoves =
                counters.moves(next, MeteroidStatus.of(current), MeteroidStatus.of(next));
        if (events.isEmpty() && counterMoves.isEmpty()) {
            try {
                table.dynamoDb.updateItem(b -> b.tableName(table.name)
                        .key(JobItems.key(current.id()))
                        .updateExpression(change.update())
                        .conditionExpression(change.condition())
                        .expressionAttributeNames(change.names())
                        .expressionAttributeValues(change.values())
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            } catch (ConditionalCheckFailedException e) {
                throw conflict(current, e.hasItem() ? e.item() : null, e);
            }
            return;
        }
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table.name)
                        .key(JobItems.key(current.id()))
                        .updateExpression(change.update())
                        .conditionExpression(change.condition())
                        .expressionAttributeNames(change.names())
                        .expressionAttributeValues(change.values())
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build())
                .build());
        items.addAll(eventPuts(events));
        items.addAll(counterMoves);
        try {
            Transactions.write(table.dynamoDb, items);
        } catch (TransactionCanceledException e) {
            CancellationReason reason = e.cancellationReasons().get(0);
            if (!CONDITIONAL_CHECK_FAILED.equals(reason.code())) {
                throw e;
            }
            throw conflict(current, reason.hasItem() ? reason.item() : null, e);
        }
    }

    /** The conflict a lost conditional write reports, carrying the job as stored now. */
    private JobConflictException conflict(BatchJob current, Map<String, AttributeValue> old, RuntimeException cause) {
        Map<String, AttributeValue> stored = old != null && !old.isEmpty() ? old : table.get(current.id());
        if (present(stored) == null) {
            throw new IllegalStateException("Batch job " + current.id() + " disappeared", cause);
        }
        return new JobConflictException(JobItems.toJob(stored));
    }

    /** The throttle: the job unchanged since {@code seen}, and no progress event for {@code minInterval}. */
    @Override
    public boolean recordProgressEvent(BatchJob seen, JobEvent event, Duration minInterval) {
        String last = JobItems.LAST_PROGRESS_EVENT;
        try {
            Transactions.write(
                    table.dynamoDb,
                    List.of(
                            TransactWriteItem.builder()
                                    .update(Update.builder()
                                            .tableName(table.name)
                                            .key(JobItems.key(event.jobId()))
                                            .updateExpression("SET " + last + " = :now")
                                            .conditionExpression(JobItems.accountCondition(JobItems.ACCOUNT_ID)
                                                    + " AND #status = :status AND "
                                                    + JobItems.VERSION + " = :version"
                                                    + " AND (attribute_not_exists(" + last + ") OR " + last
                                                    + " <= :threshold)")
                                            .expressionAttributeNames(Map.of("#status", JobItems.STATUS))
                                            .expressionAttributeValues(Map.of(
                                                    ":now",
                                                    time(event.created()),
                                                    ":account",
                                                    s(event.accountId()),
                                                    ":scoped",
                                                    s(ScopeKeys.of(event.scope())),
                                                    ":threshold",
                                                    time(event.created().minus(minInterval)),
                                                    ":status",
                                                    s(seen.status().wireName()),
                                                    ":version",
                                                    n(seen.version())))
                                            .build())
                                    .build(),
                            eventPuts(List.of(event)).get(0)));
            return true;
        } catch (TransactionCanceledException e) {
            if (CONDITIONAL_CHECK_FAILED.equals(e.cancellationReasons().get(0).code())) {
                return false;
            }
            throw e;
        }
    }
}
