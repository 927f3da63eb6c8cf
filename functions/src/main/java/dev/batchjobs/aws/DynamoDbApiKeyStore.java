package dev.batchjobs.aws;

import dev.batchjobs.domain.ApiKeyRecord;
import dev.batchjobs.domain.ApiKeyStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** API keys keyed by the SHA-256 of the secret; the {@code by_key_id} index finds a key to revoke. */
public final class DynamoDbApiKeyStore implements ApiKeyStore {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbApiKeyStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void put(ApiKeyRecord key) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("key_hash", AttributeValue.fromS(key.keyHash()));
        item.put("key_id", AttributeValue.fromS(key.keyId()));
        item.put("account_id", AttributeValue.fromS(key.accountId()));
        item.put("livemode", AttributeValue.fromBool(key.livemode()));
        item.put("owner_id", AttributeValue.fromS(key.ownerId()));
        item.put("created", AttributeValue.fromS(key.created().toString()));
        if (key.revokedAt() != null) {
            item.put("revoked_at", AttributeValue.fromS(key.revokedAt().toString()));
        }
        // A key's hash names one key forever: never overwrite another account's key.
        dynamoDb.putItem(b -> b.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(key_hash) OR account_id = :account")
                .expressionAttributeValues(Map.of(":account", AttributeValue.fromS(key.accountId()))));
    }

    @Override
    public Optional<ApiKeyRecord> findByHash(String keyHash) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("key_hash", AttributeValue.fromS(keyHash)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Optional<ApiKeyRecord> findById(String keyId) {
        return dynamoDb.query(b -> b.tableName(table).indexName("by_key_id")
                        .keyConditionExpression("key_id = :id")
                        .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(keyId))))
                .items().stream().findFirst().map(DynamoDbApiKeyStore::fromItem);
    }

    @Override
    public boolean revoke(String keyId, Instant at) {
        Optional<ApiKeyRecord> key = findById(keyId);
        if (key.isEmpty()) {
            return false;
        }
        try {
            dynamoDb.updateItem(b -> b.tableName(table)
                    .key(Map.of("key_hash", AttributeValue.fromS(key.get().keyHash())))
                    .updateExpression("SET revoked_at = if_not_exists(revoked_at, :at)")
                    .conditionExpression("attribute_exists(key_hash)")
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(at.toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static ApiKeyRecord fromItem(Map<String, AttributeValue> item) {
        return new ApiKeyRecord(item.get("key_hash").s(), item.get("key_id").s(), item.get("account_id").s(),
                item.get("livemode").bool(), item.get("owner_id").s(), Instant.parse(item.get("created").s()),
                item.containsKey("revoked_at") ? Instant.parse(item.get("revoked_at").s()) : null);
    }
}
