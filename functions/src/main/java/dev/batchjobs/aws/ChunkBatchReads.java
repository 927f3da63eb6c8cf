package dev.batchjobs.aws;

import dev.batchjobs.domain.chunks.ChunkState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Reads a job's chunk items 100 keys at a time ({@code BatchGetItem}, strongly consistent: the merge must see every
 * committed part), a few batches at once, the keys DynamoDB leaves unprocessed asked again with a growing pause. A
 * 40,000-chunk job is 400 reads instead of 40,000.
 */
final class ChunkBatchReads {
    private static final int BATCH = 100;
    private static final int BATCHES_AT_ONCE = 4;

    private final DynamoDbClient dynamoDb;
    private final String table;

    ChunkBatchReads(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    List<ChunkState> read(String jobId, int count) {
        List<ChunkState> found = new ArrayList<>();
        if (count <= 0) {
            // A job that ends before it was planned (stuck in validation, say) has no chunk; DynamoDB refuses an
            // empty batch.
            return found;
        }
        if (count <= BATCH) {
            found.addAll(batch(jobId, 0, count));
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(BATCHES_AT_ONCE, r -> {
                Thread thread = new Thread(r, "chunk-batch-read");
                thread.setDaemon(true);
                return thread;
            });
            try {
                List<Future<List<ChunkState>>> batches = new ArrayList<>();
                for (int from = 0; from < count; from += BATCH) {
                    int start = from;
                    batches.add(pool.submit(() -> batch(jobId, start, Math.min(count, start + BATCH))));
                }
                for (Future<List<ChunkState>> batch : batches) {
                    found.addAll(batch.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while reading the chunks of " + jobId, e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        return found;
    }

    /** Chunks {@code from .. to - 1} that exist, in index order. */
    private List<ChunkState> batch(String jobId, int from, int to) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int index = from; index < to; index++) {
            keys.add(ChunkItems.key(jobId, index));
        }
        Map<String, KeysAndAttributes> request = Map.of(
                table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        List<ChunkState> found = new ArrayList<>();
        for (int round = 0; !request.isEmpty(); round++) {
            Unprocessed.pauseBefore(round, "chunk items", "reading chunk items");
            Map<String, KeysAndAttributes> ask = request;
            BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(ask));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                found.add(ChunkItems.toChunk(jobId, ChunkItems.indexOf(item), item));
            }
            request = response.unprocessedKeys();
        }
        found.sort(Comparator.comparingInt(ChunkState::index));
        return found;
    }
}
