package dev.batchjobs.aws;

import dev.batchjobs.domain.events.DestinationConflictException;
import dev.batchjobs.domain.events.DestinationStore;
import dev.batchjobs.domain.events.EventDestination;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Event destinations keyed by account and id: an account's destinations are one partition, read with a
 * consistent query, so the dispatcher never misses a destination just created or enabled (an index would lag), and
 * no key of another account's item can be formed from a request. An account has at most a handful
 * ({@code DestinationService#MAX_PER_ACCOUNT}), so its list is sorted in memory. Signing secrets are stored as they
 * must be used (an HMAC key cannot be hashed); the table is encrypted at rest and only the API and the dispatcher
 * may read it.
 */
public final class DynamoDbDestinationStore implements DestinationStore {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbDestinationStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void create(EventDestination destination) {
        dynamoDb.putItem(b -> b.tableName(table).item(toItem(destination))
                .conditionExpression("attribute_not_exists(account_id) AND attribute_not_exists(pk)"));
    }

    @Override
    public Optional<EventDestination> find(String accountId, String id) {
        if (!id.startsWith("ed_")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(accountId, id))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public List<EventDestination> list(String accountId) {
        List<EventDestination> all = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> start = startKey;
            QueryResponse page = dynamoDb.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("account_id = :account")
                    .expressionAttributeValues(Map.of(":account", s(accountId)))
                    .exclusiveStartKey(start));
            page.items().forEach(item -> all.add(fromItem(item)));
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        all.sort(Comparator.comparing(EventDestination::created).thenComparing(EventDestination::id).reversed());
        return all;
    }

    @Override
    public void update(EventDestination current, EventDestination next) {
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(toItem(next))
                    .conditionExpression("version = :version")
                    .expressionAttributeValues(Map.of(":version", n(current.version()))));
        } catch (ConditionalCheckFailedException e) {
            throw new DestinationConflictException(current.id());
        }
    }

    @Override
    public boolean delete(String accountId, String id) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(table).key(key(accountId, id)).conditionExpression("attribute_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    static Map<String, AttributeValue> toItem(EventDestination d) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(d.id()));
        item.put("account_id", s(d.accountId()));
        item.put("livemode", AttributeValue.fromBool(d.livemode()));
        item.put("created", s(Timestamps.format(d.created())));
        item.put("updated", s(Timestamps.format(d.updated())));
        if (d.name() != null) {
            item.put("name", s(d.name()));
        }
        if (d.description() != null) {
            item.put("description", s(d.description()));
        }
        item.put("url", s(d.url()));
        item.put("enabled_events", AttributeValue.fromL(d.enabledEvents().stream().map(DynamoDbDestinationStore::s).toList()));
        item.put("metadata", AttributeValue.fromM(d.metadata().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> s(e.getValue())))));
        item.put("enabled", AttributeValue.fromBool(d.enabled()));
        item.put("secret", s(d.secret()));
        if (d.previousSecret() != null) {
            item.put("previous_secret", s(d.previousSecret()));
            item.put("previous_secret_expires_at", s(Timestamps.format(d.previousSecretExpiresAt())));
        }
        item.put("version", n(d.version()));
        return item;
    }

    static EventDestination fromItem(Map<String, AttributeValue> item) {
        return new EventDestination(item.get("pk").s(), item.get("account_id").s(), item.get("livemode").bool(),
                Instant.parse(item.get("created").s()), Instant.parse(item.get("updated").s()),
                text(item, "name"), text(item, "description"), item.get("url").s(),
                item.get("enabled_events").l().stream().map(AttributeValue::s).toList(),
                item.get("metadata").m().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s())),
                item.get("enabled").bool(), item.get("secret").s(), text(item, "previous_secret"),
                item.containsKey("previous_secret_expires_at") ? Instant.parse(item.get("previous_secret_expires_at").s()) : null,
                Long.parseLong(item.get("version").n()));
    }

    private static Map<String, AttributeValue> key(String accountId, String id) {
        return Map.of("account_id", s(accountId), "pk", s(id));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? item.get(name).s() : null;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
