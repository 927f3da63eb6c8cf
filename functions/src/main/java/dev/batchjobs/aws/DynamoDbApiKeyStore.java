package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.present;
import static dev.batchjobs.aws.AttributeValues.s;

import dev.batchjobs.domain.ApiKeyRecord;
import dev.batchjobs.domain.ApiKeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** API keys keyed by the SHA-256 of the secret ({@link ApiKeyItems}); the {@code by_key_id} index finds a key to revoke. */
public final class DynamoDbApiKeyStore implements ApiKeyStore {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbApiKeyStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public void put(ApiKeyRecord key) {
        // A key's hash names one key forever: never overwrite another account's key.
        dynamoDb.putItem(b -> b.tableName(table)
                .item(ApiKeyItems.toItem(key))
                .conditionExpression("attribute_not_exists(" + ApiKeyItems.KEY_HASH + ") OR " + ApiKeyItems.ACCOUNT_ID
                        + " = :account")
                .expressionAttributeValues(Map.of(":account", s(key.accountId()))));
    }

    @Override
    public Optional<ApiKeyRecord> findByHash(String keyHash) {
        return Optional.ofNullable(present(dynamoDb.getItem(
                                b -> b.tableName(table).consistentRead(true).key(ApiKeyItems.key(keyHash)))
                        .item()))
                .map(ApiKeyItems::toRecord);
    }

    @Override
    public Optional<ApiKeyRecord> findById(String keyId) {
        return dynamoDb
                .query(b -> b.tableName(table)
                        .indexName(ApiKeyItems.INDEX_BY_KEY_ID)
                        .keyConditionExpression(ApiKeyItems.KEY_ID + " = :id")
                        .expressionAttributeValues(Map.of(":id", s(keyId))))
                .items()
                .stream()
                .findFirst()
                .map(ApiKeyItems::toRecord);
    }

    @Override
    public List<ApiKeyRecord> list() {
        return dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().stream()
                .map(ApiKeyItems::toRecord)
                .toList();
    }

    @Override
    public boolean revoke(String keyId, Instant at) {
        Optional<ApiKeyRecord> key = findById(keyId);
        if (key.isEmpty()) {
            return false;
        }
        try {
            dynamoDb.updateItem(b -> b.tableName(table)
                    .key(ApiKeyItems.key(key.get().keyHash()))
                    .updateExpression(
                            "SET " + ApiKeyItems.REVOKED_AT + " = if_not_exists(" + ApiKeyItems.REVOKED_AT + ", :at)")
                    .conditionExpression("attribute_exists(" + ApiKeyItems.KEY_HASH + ")")
                    .expressionAttributeValues(Map.of(":at", s(at.toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
