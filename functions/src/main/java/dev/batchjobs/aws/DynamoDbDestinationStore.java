package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.n;
import static dev.batchjobs.aws.AttributeValues.nextStartKey;
import static dev.batchjobs.aws.AttributeValues.s;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.events.DestinationConflictException;
import dev.batchjobs.domain.events.DestinationStore;
import dev.batchjobs.domain.events.EventDestination;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Event destinations keyed by scope and id ({@link DestinationItems}): an account's destinations in one mode are one partition, read with a
 * consistent query, so the dispatcher never misses a destination just created or enabled (an index would lag), and
 * no key of another account's (or the other mode's) item can be formed from a request. An account has at most a handful
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
        dynamoDb.putItem(b -> b.tableName(table)
                .item(DestinationItems.toItem(destination))
                .conditionExpression("attribute_not_exists(" + DestinationItems.ACCOUNT_ID
                        + ") AND attribute_not_exists(" + DestinationItems.PK + ")"));
    }

    @Override
    public Optional<EventDestination> find(AccountScope scope, String id) {
        if (!id.startsWith("ed_")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(
                        b -> b.tableName(table).consistentRead(true).key(DestinationItems.key(scope, id)))
                .item();
        return item == null || item.isEmpty() || !DestinationItems.inScope(scope, item)
                ? Optional.empty()
                : Optional.of(DestinationItems.toDestination(item));
    }

    @Override
    public List<EventDestination> list(AccountScope scope) {
        List<EventDestination> all = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> start = startKey;
            QueryResponse page = dynamoDb.query(b -> b.tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression(DestinationItems.ACCOUNT_ID + " = :account")
                    .expressionAttributeValues(Map.of(":account", s(DestinationItems.partition(scope))))
                    .exclusiveStartKey(start));
            page.items().stream()
                    .filter(item -> DestinationItems.inScope(scope, item))
                    .forEach(item -> all.add(DestinationItems.toDestination(item)));
            startKey = nextStartKey(page);
        } while (startKey != null);
        all.sort(Comparator.comparing(EventDestination::created)
                .thenComparing(EventDestination::id)
                .reversed());
        return all;
    }

    @Override
    public void update(EventDestination current, EventDestination next) {
        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(DestinationItems.toItem(next))
                    .conditionExpression(DestinationItems.VERSION + " = :version")
                    .expressionAttributeValues(Map.of(":version", n(current.version()))));
        } catch (ConditionalCheckFailedException e) {
            throw new DestinationConflictException(current.id());
        }
    }

    @Override
    public boolean delete(AccountScope scope, String id) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(table)
                    .key(DestinationItems.key(scope, id))
                    .conditionExpression("attribute_exists(" + DestinationItems.PK + ") AND "
                            + DestinationItems.LIVEMODE + " = :live")
                    .expressionAttributeValues(Map.of(":live", AttributeValues.bool(scope.livemode()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
