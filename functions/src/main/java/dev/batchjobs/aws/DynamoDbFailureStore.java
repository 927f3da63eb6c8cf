package dev.batchjobs.aws;

import dev.batchjobs.domain.failures.FailureRecord;
import dev.batchjobs.domain.failures.FailureStore;
import dev.batchjobs.domain.chunks.RowFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Row failures, one item per checkpoint that had any: {@code job_id} and {@code ordinal_end} (the position
 * after its last failure) as the key, so the item holding failure #n is the first whose {@code ordinal_end}
 * exceeds n: an offset costs one key condition, never a read of earlier failures. {@code by_chunk} serves
 * the chunk filter (a chunk's failures are at most its rows).
 */
public final class DynamoDbFailureStore implements FailureStore {
    static final String INDEX_BY_CHUNK = "by_chunk";

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
            QueryResponse response = dynamoDb.query(QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("job_id = :job AND ordinal_end > :offset")
                    .expressionAttributeValues(Map.of(":job", s(jobId), ":offset", n(offset)))
                    .limit(4).exclusiveStartKey(startKey).build());
            for (Map<String, AttributeValue> item : response.items()) {
                for (FailureRecord record : fromItem(item)) {
                    if (record.ordinal() >= offset && page.size() < limit) {
                        page.add(record);
                    }
                }
            }
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (startKey != null && page.size() < limit);
        return page;
    }

    @Override
    public List<FailureRecord> chunkPage(String jobId, int chunkIndex, long offset, int limit) {
        List<FailureRecord> chunk = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        long skipped = 0;
        do {
            QueryResponse response = dynamoDb.query(QueryRequest.builder().tableName(table).indexName(INDEX_BY_CHUNK)
                    .keyConditionExpression("chunk_key = :chunk")
                    .expressionAttributeValues(Map.of(":chunk", s(chunkKey(jobId, chunkIndex))))
                    .exclusiveStartKey(startKey).build());
            for (Map<String, AttributeValue> item : response.items()) {
                for (FailureRecord record : fromItem(item)) {
                    if (skipped < offset) {
                        skipped++;
                    } else if (chunk.size() < limit) {
                        chunk.add(record);
                    }
                }
            }
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (startKey != null && chunk.size() < limit);
        return chunk;
    }

    /** The item one checkpoint's failures become, numbered from {@code base}. */
    static Map<String, AttributeValue> toItem(String jobId, int chunkIndex, long base, List<RowFailure> failures) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("job_id", s(jobId));
        item.put("ordinal_end", n(base + failures.size()));
        item.put("ordinal_start", n(base));
        item.put("chunk_key", s(chunkKey(jobId, chunkIndex)));
        item.put("chunk", n(chunkIndex));
        item.put("failures", AttributeValue.fromL(failures.stream().map(f -> {
            Map<String, AttributeValue> m = new HashMap<>();
            m.put("id", s(UUID.randomUUID().toString()));
            m.put("row", n(f.rowIndex()));
            m.put("item_id", f.rowId() == null ? AttributeValue.fromNul(true) : s(f.rowId()));
            m.put("reason", s(f.reason()));
            return AttributeValue.fromM(m);
        }).toList()));
        return item;
    }

    static List<FailureRecord> fromItem(Map<String, AttributeValue> item) {
        String jobId = item.get("job_id").s();
        int chunk = Integer.parseInt(item.get("chunk").n());
        long ordinal = Long.parseLong(item.get("ordinal_start").n());
        List<FailureRecord> records = new ArrayList<>();
        for (AttributeValue value : item.get("failures").l()) {
            Map<String, AttributeValue> m = value.m();
            AttributeValue itemId = m.get("item_id");
            records.add(new FailureRecord(m.get("id").s(), jobId, chunk, Long.parseLong(m.get("row").n()),
                    itemId == null || Boolean.TRUE.equals(itemId.nul()) ? null : itemId.s(), m.get("reason").s(), ordinal++));
        }
        return records;
    }

    private static String chunkKey(String jobId, int chunkIndex) {
        return jobId + "#" + chunkIndex;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
