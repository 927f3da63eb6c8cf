package dev.batchjobs.aws;

import dev.batchjobs.domain.InvalidCursorException;
import dev.batchjobs.domain.events.EventPage;
import dev.batchjobs.domain.events.EventQuery;
import dev.batchjobs.domain.events.EventStore;
import dev.batchjobs.domain.events.JobEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Events in their own table keyed by event id. {@code by_account} (account, time) and {@code by_object}
 * (account and job, time) serve the API's listings; {@code by_unpublished} is sparse: only events not yet on
 * the bus carry {@code unpublished}, so the sweeper reads exactly the outbox's leftovers. Events expire
 * after 30 days (TTL), as Stripe keeps them.
 */
public final class DynamoDbEventStore implements EventStore {
    static final String INDEX_BY_ACCOUNT = "by_account";
    static final String INDEX_BY_OBJECT = "by_object";
    static final String INDEX_BY_UNPUBLISHED = "by_unpublished";
    static final Duration RETENTION = Duration.ofDays(30);
    private static final String UNPUBLISHED = "1";
    private static final Pattern LIST_KEY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z#(evt_[A-Za-z0-9]+)");

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbEventStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public Optional<JobEvent> find(String accountId, String eventId) {
        if (!eventId.startsWith("evt_")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", s(eventId)))).item();
        if (item == null || item.isEmpty() || !accountId.equals(item.get("account_id").s())) {
            return Optional.empty();
        }
        return Optional.of(fromItem(item));
    }

    @Override
    public EventPage list(String accountId, EventQuery query) {
        String index = query.objectId().isPresent() ? INDEX_BY_OBJECT : INDEX_BY_ACCOUNT;
        String partitionName = query.objectId().isPresent() ? "object_key" : "account_id";
        AttributeValue partition = s(query.objectId().map(id -> objectKey(accountId, id)).orElse(accountId));
        Map<String, AttributeValue> startKey = query.cursor().map(c -> startKey(partitionName, partition, c)).orElse(null);
        List<JobEvent> events = new ArrayList<>();
        // One more than the page, so that a next cursor is only offered when a next event exists.
        do {
            QueryResponse response = dynamoDb.query(QueryRequest.builder().tableName(table).indexName(index)
                    .keyConditionExpression(partitionName + " = :partition")
                    .expressionAttributeValues(Map.of(":partition", partition))
                    .scanIndexForward(false).limit(query.limit() + 1 - events.size()).exclusiveStartKey(startKey).build());
            response.items().forEach(item -> events.add(fromItem(item)));
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (events.size() <= query.limit() && startKey != null);
        if (events.size() > query.limit()) {
            List<JobEvent> page = events.subList(0, query.limit());
            return new EventPage(page, Optional.of(cursor(page.get(page.size() - 1))));
        }
        return new EventPage(events, Optional.empty());
    }

    @Override
    public List<JobEvent> unpublished(Instant before, int limit) {
        List<JobEvent> events = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryResponse page = dynamoDb.query(QueryRequest.builder().tableName(table).indexName(INDEX_BY_UNPUBLISHED)
                    .keyConditionExpression("unpublished = :yes AND list_key < :before")
                    .expressionAttributeValues(Map.of(":yes", s(UNPUBLISHED), ":before", s(Timestamps.format(before))))
                    .limit(limit - events.size()).exclusiveStartKey(startKey).build());
            page.items().forEach(item -> events.add(fromItem(item)));
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null && events.size() < limit);
        return events;
    }

    @Override
    public void markPublished(List<JobEvent> events) {
        for (JobEvent event : events) {
            try {
                dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("pk", s(event.id())))
                        .updateExpression("REMOVE unpublished").conditionExpression("attribute_exists(pk)"));
            } catch (ConditionalCheckFailedException expired) {
                // gone with its TTL: nothing left to mark
            }
        }
    }

    /** The item of a new event, unpublished: what the job store puts in the same transaction as the change. */
    static Map<String, AttributeValue> toItem(JobEvent event) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(event.id()));
        item.put("account_id", s(event.accountId()));
        item.put("list_key", s(listKey(event)));
        item.put("object_key", s(objectKey(event.accountId(), event.jobId())));
        item.put("job_id", s(event.jobId()));
        item.put("type", s(event.type()));
        item.put("created", s(Timestamps.format(event.created())));
        item.put("livemode", AttributeValue.fromBool(event.livemode()));
        item.put("metadata", AttributeValue.fromM(event.metadata().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> s(e.getValue())))));
        item.put("status", s(event.counts().status()));
        item.put("validated_count", n(event.counts().validatedCount()));
        item.put("success_count", n(event.counts().successCount()));
        item.put("failure_count", n(event.counts().failureCount()));
        item.put("total_count", n(event.counts().totalCount()));
        item.put("unpublished", s(UNPUBLISHED));
        item.put("expires_at_epoch", n(event.created().plus(RETENTION).getEpochSecond()));
        return item;
    }

    static JobEvent fromItem(Map<String, AttributeValue> item) {
        return new JobEvent(item.get("pk").s(), item.get("account_id").s(), item.get("livemode").bool(),
                item.get("type").s(), Instant.parse(item.get("created").s()), item.get("job_id").s(),
                item.get("metadata").m().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s())),
                new JobEvent.Counts(item.get("status").s(), num(item, "validated_count"), num(item, "success_count"),
                        num(item, "failure_count"), num(item, "total_count")));
    }

    private static String listKey(JobEvent event) {
        return Timestamps.format(event.created()) + "#" + event.id();
    }

    private static String objectKey(String accountId, String objectId) {
        return accountId + "#" + objectId;
    }

    private static String cursor(JobEvent event) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(listKey(event).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> startKey(String partitionName, AttributeValue partition, String cursor) {
        String listKey;
        try {
            listKey = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException();
        }
        Matcher matcher = LIST_KEY.matcher(listKey);
        if (!matcher.matches()) {
            throw new InvalidCursorException();
        }
        return Map.of("pk", s(matcher.group(1)), partitionName, partition, "list_key", s(listKey));
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
