package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.nextStartKey;
import static dev.batchjobs.aws.AttributeValues.present;
import static dev.batchjobs.aws.AttributeValues.s;
import static dev.batchjobs.aws.AttributeValues.time;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.PageCursor;
import dev.batchjobs.domain.events.EventPage;
import dev.batchjobs.domain.events.EventQuery;
import dev.batchjobs.domain.events.EventStore;
import dev.batchjobs.domain.events.JobEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Events in their own table keyed by event id ({@link EventItems}). {@code by_account} (account and mode, time) and
 * {@code by_object} (account, mode and job, time) serve the API's listings; {@code by_unpublished} is sparse: only
 * events not yet on the bus carry {@code unpublished}, so the sweeper reads exactly the outbox's leftovers. Its key
 * is one of {@link EventItems#OUTBOX_SHARDS} shards, so no single index partition takes every event's write.
 * Events expire after 30 days (TTL), as Stripe keeps them.
 */
public final class DynamoDbEventStore implements EventStore {
    private static final Pattern EVENT_ID = Pattern.compile("evt_[A-Za-z0-9]+");

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
        Map<String, AttributeValue> item = present(
                dynamoDb.getItem(b -> b.tableName(table).consistentRead(true).key(EventItems.key(eventId)))
                        .item());
        if (item == null || !EventItems.ofAccount(accountId, item)) {
            return Optional.empty();
        }
        return Optional.of(EventItems.toEvent(item));
    }

    @Override
    public Optional<JobEvent> find(AccountScope scope, String eventId) {
        if (!eventId.startsWith("evt_")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = present(
                dynamoDb.getItem(b -> b.tableName(table).consistentRead(true).key(EventItems.key(eventId)))
                        .item());
        if (item == null || !EventItems.inScope(scope, item)) {
            return Optional.empty();
        }
        return Optional.of(EventItems.toEvent(item));
    }

    @Override
    public EventPage list(AccountScope scope, EventQuery query) {
        String index = query.objectId().isPresent() ? EventItems.INDEX_BY_OBJECT : EventItems.INDEX_BY_ACCOUNT;
        String partitionName = query.objectId().isPresent() ? EventItems.OBJECT_KEY : EventItems.ACCOUNT_ID;
        AttributeValue partition =
                s(query.objectId().map(id -> EventItems.objectKey(scope, id)).orElse(EventItems.accountKey(scope)));
        Map<String, AttributeValue> startKey =
                query.cursor().map(c -> startKey(partitionName, partition, c)).orElse(null);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":partition", partition));
        List<String> typeValues = new ArrayList<>();
        for (String type : new TreeSet<>(query.types())) {
            String name = ":type" + typeValues.size();
            values.put(name, s(type));
            typeValues.add(name);
        }
        String typeFilter = "#type IN (" + String.join(", ", typeValues) + ")";
        List<JobEvent> events = new ArrayList<>();
        // One more than the page, so that a next cursor is only offered when a next event exists.
        do {
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(table)
                    .indexName(index)
                    .keyConditionExpression(partitionName + " = :partition")
                    .expressionAttributeValues(values)
                    .scanIndexForward(false)
                    .limit(query.limit() + 1 - events.size())
                    .exclusiveStartKey(startKey);
            if (!query.types().isEmpty()) {
                // A filter reads past the events it drops: the loop asks again until the page is full.
                request.filterExpression(typeFilter).expressionAttributeNames(Map.of("#type", EventItems.TYPE));
            }
            QueryResponse response = dynamoDb.query(request.build());
            // The partition is the mode's; a live event written before scopes (plain account) is skipped here.
            response.items().stream()
                    .filter(item -> EventItems.inScope(scope, item))
                    .forEach(item -> events.add(EventItems.toEvent(item)));
            startKey = nextStartKey(response);
        } while (events.size() <= query.limit() && startKey != null);
        if (events.size() > query.limit()) {
            List<JobEvent> page = events.subList(0, query.limit());
            return new EventPage(page, Optional.of(cursor(page.get(page.size() - 1))));
        }
        return new EventPage(events, Optional.empty());
    }

    /** The oldest {@code limit} of each outbox shard, merged: the oldest {@code limit} of them all. */
    @Override
    public List<JobEvent> unpublished(Instant before, int limit) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (String shard : EventItems.outboxKeys()) {
            items.addAll(oldestUnpublished(shard, before, limit));
        }
        items.sort(Comparator.comparing(item -> item.get(EventItems.LIST_KEY).s()));
        return items.stream().limit(limit).map(EventItems::toEvent).toList();
    }

    private List<Map<String, AttributeValue>> oldestUnpublished(String shard, Instant before, int limit) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryResponse page = dynamoDb.query(QueryRequest.builder()
                    .tableName(table)
                    .indexName(EventItems.INDEX_BY_UNPUBLISHED)
                    .keyConditionExpression(
                            EventItems.UNPUBLISHED + " = :shard AND " + EventItems.LIST_KEY + " < :before")
                    .expressionAttributeValues(Map.of(":shard", s(shard), ":before", time(before)))
                    .limit(limit - items.size())
                    .exclusiveStartKey(startKey)
                    .build());
            items.addAll(page.items());
            startKey = nextStartKey(page);
        } while (startKey != null && items.size() < limit);
        return items;
    }

    @Override
    public void markPublished(List<JobEvent> events) {
        for (JobEvent event : events) {
            try {
                dynamoDb.updateItem(b -> b.tableName(table)
                        .key(EventItems.key(event.id()))
                        .updateExpression("REMOVE " + EventItems.UNPUBLISHED)
                        .conditionExpression("attribute_exists(" + EventItems.PK + ")"));
            } catch (ConditionalCheckFailedException expired) {
                // gone with its TTL: nothing left to mark
            }
        }
    }

    private static String cursor(JobEvent event) {
        return PageCursor.encodeAfter(PageCursor.EVENTS, event.created(), event.id());
    }

    /** Where the page after a cursor starts in the listing's index. */
    private static Map<String, AttributeValue> startKey(String partitionName, AttributeValue partition, String cursor) {
        PageCursor.TimeAndId after = PageCursor.decodeAfter(PageCursor.EVENTS, cursor, EVENT_ID);
        return Map.of(
                EventItems.PK,
                s(after.id()),
                partitionName,
                partition,
                EventItems.LIST_KEY,
                s(EventItems.listKey(after.created(), after.id())));
    }
}
