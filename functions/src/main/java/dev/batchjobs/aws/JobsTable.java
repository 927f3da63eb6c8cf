package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.present;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** The jobs table's consistent reads by key, shared by the classes that serve the job ports. */
final class JobsTable {
    private static final int BATCH_GET_LIMIT = 100;

    final DynamoDbClient dynamoDb;
    final String name;

    JobsTable(DynamoDbClient dynamoDb, String name) {
        this.dynamoDb = dynamoDb;
        this.name = name;
    }

    /** The item with this {@code pk}, or null. */
    Map<String, AttributeValue> get(String pk) {
        return present(
                dynamoDb.getItem(b -> b.tableName(name).consistentRead(true).key(JobItems.key(pk)))
                        .item());
    }

    /** Only the given attributes of the item with this {@code pk}, or null when there is no item. */
    Map<String, AttributeValue> get(String pk, String projection) {
        return present(dynamoDb.getItem(b -> b.tableName(name)
                        .consistentRead(true)
                        .key(JobItems.key(pk))
                        .projectionExpression(projection))
                .item());
    }

    /** The items with these keys that exist, in batches of 100 with unprocessed keys retried. */
    List<Map<String, AttributeValue>> batchGet(List<String> pks) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int from = 0; from < pks.size(); from += BATCH_GET_LIMIT) {
            Map<String, KeysAndAttributes> request = Map.of(
                    name,
                    KeysAndAttributes.builder()
                            .consistentRead(true)
                            .keys(pks.subList(from, Math.min(pks.size(), from + BATCH_GET_LIMIT)).stream()
                                    .map(JobItems::key)
                                    .toList())
                            .build());
            while (request != null && !request.isEmpty()) {
                Map<String, KeysAndAttributes> current = request;
                BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(current));
                items.addAll(response.responses().getOrDefault(name, List.of()));
                request = response.hasUnprocessedKeys()
                                && !response.unprocessedKeys().isEmpty()
                        ? response.unprocessedKeys()
                        : null;
            }
        }
        return items;
    }
}
