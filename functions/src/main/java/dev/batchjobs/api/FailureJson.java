package dev.batchjobs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.failures.FailureRecord;
import dev.batchjobs.json.Json;

/** One failed row, as both surfaces show it (the v2 API adds its {@code object}). */
final class FailureJson {
    private FailureJson() {}

    static ObjectNode write(FailureRecord f) {
        ObjectNode node = Json.object();
        node.put("id", f.id());
        node.put("chunk_id", ChunkState.id(f.jobId(), f.chunkIndex()));
        node.put("item_index", int32(f.itemIndex()));
        node.put("item_identifier", f.itemIdentifier());
        node.put("reason", f.reason());
        return node;
    }

    /** Meteroid's schema has int32 counts: a larger count shows as the largest int32. */
    static int int32(long count) {
        return (int) Math.min(Integer.MAX_VALUE, count);
    }
}
