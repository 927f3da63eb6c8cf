package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.n;
import static dev.batchjobs.aws.AttributeValues.nextStartKey;
import static dev.batchjobs.aws.AttributeValues.s;

import dev.batchjobs.domain.failures.FailureRecord;
import dev.batchjobs.domain.failures.FailureStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Row failures ({@link FailureItems}), one item per checkpoint that had any: {@code job_id} and {@code ordinal_end} (the position
 * after its last failure) as the key, so the item holding failure #n is the first whose {@code ordinal_end}
 * exceeds n: an offset costs one key condition, never a read of earlier failures. {@code by_chunk} serves
 * the chunk filter (a chunk's failures are at most its rows).
 */
public final class DynamoDbFailureStore implements FailureStore {
    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbFailureStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public List<FailureRecord> page(String jobId, long offset, int limit) {
        List<FailureRecord> page = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryResponse response = dynamoDb.query(QueryRequest.builder()
                    .tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression(
                            FailureItems.JOB_ID + " = :job AND " + FailureItems.ORDINAL_END + " > :offset")
                    .expressionAttributeValues(Map.of(":job", s(jobId), ":offset", n(offset)))
                    .limit(4)
                    .exclusiveStartKey(startKey)
                    .build());
            for (Map<String, AttributeValue> item : response.items()) {
                for (FailureRecord record : FailureItems.toRecords(item)) {
                    if (record.ordinal() >= offset && page.size() < limit) {
                        page.add(record);
                    }
                }
            }
            startKey = nextStartKey(response);
        } while (startKey != null && page.size() < limit);
        return page;
    }

    @Override
    public List<FailureRecord> chunkPage(String jobId, int chunkIndex, long offset, int limit) {
        List<FailureRecord> chunk = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        long skipped = 0;
        do {
            QueryResponse response = dynamoDb.query(QueryRequest.builder()
                    .tableName(table)
                    .indexName(FailureItems.INDEX_BY_CHUNK)
                    .keyConditionExpression(FailureItems.CHUNK_KEY + " = :chunk")
                    .expressionAttributeValues(Map.of(":chunk", s(FailureItems.chunkKey(jobId, chunkIndex))))
                    .exclusiveStartKey(startKey)
                    .build());
            for (Map<String, AttributeValue> item : response.items()) {
                for (FailureRecord record : FailureItems.toRecords(item)) {
                    if (skipped < offset) {
                        skipped++;
                    } else if (chunk.size() < limit) {
                        chunk.add(record);
                    }
                }
            }
            startKey = nextStartKey(response);
        } while (startKey != null && chunk.size() < limit);
        return chunk;
    }
}
