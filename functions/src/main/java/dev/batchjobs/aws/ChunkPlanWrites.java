package dev.batchjobs.aws;

import dev.batchjobs.domain.chunks.ChunkState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes a chunk plan in batches: which chunks are already there is read 100 keys at a time (a retried plan step
 * keeps their progress), and the missing ones are written 25 at a time, the items DynamoDB leaves unprocessed sent
 * again with a growing pause. A 40,000-chunk plan is 400 reads and 1,600 writes instead of 40,000 writes.
 */
final class ChunkPlanWrites {
    private static final int READ_BATCH = 100;
    private static final int WRITE_BATCH = 25;

    private final DynamoDbClient dynamoDb;
    private final String table;

    ChunkPlanWrites(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    void plan(String jobId, List<ChunkState> chunks) {
        for (int from = 0; from < chunks.size(); from += READ_BATCH) {
            List<ChunkState> batch = chunks.subList(from, Math.min(chunks.size(), from + READ_BATCH));
            Set<String> present = present(jobId, batch);
            List<WriteRequest> puts = new ArrayList<>();
            for (ChunkState chunk : batch) {
                if (!present.contains(ChunkItems.chunkKey(jobId, chunk.index()))) {
                    puts.add(WriteRequest.builder()
                            .putRequest(PutRequest.builder()
                                    .item(ChunkItems.toItem(jobId, chunk))
                                    .build())
                            .build());
                }
            }
            for (int at = 0; at < puts.size(); at += WRITE_BATCH) {
                write(puts.subList(at, Math.min(puts.size(), at + WRITE_BATCH)));
            }
        }
    }

    private Set<String> present(String jobId, List<ChunkState> batch) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (ChunkState chunk : batch) {
            keys.add(ChunkItems.key(jobId, chunk.index()));
        }
        Map<String, KeysAndAttributes> request = Map.of(
                table,
                KeysAndAttributes.builder()
                        .keys(keys)
                        .projectionExpression(JobItems.PK)
                        .consistentRead(true)
                        .build());
        Set<String> present = new HashSet<>();
        for (int round = 0; !request.isEmpty(); round++) {
            Unprocessed.pauseBefore(round, "chunk plan items", "writing a chunk plan");
            Map<String, KeysAndAttributes> ask = request;
            BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(ask));
            response.responses()
                    .getOrDefault(table, List.of())
                    .forEach(item -> present.add(item.get(JobItems.PK).s()));
            request = response.unprocessedKeys();
        }
        return present;
    }

    private void write(List<WriteRequest> puts) {
        Map<String, List<WriteRequest>> request = Map.of(table, puts);
        for (int round = 0; !request.isEmpty(); round++) {
            Unprocessed.pauseBefore(round, "chunk plan items", "writing a chunk plan");
            Map<String, List<WriteRequest>> send = request;
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(b -> b.requestItems(send));
            request = response.unprocessedItems();
        }
    }
}
