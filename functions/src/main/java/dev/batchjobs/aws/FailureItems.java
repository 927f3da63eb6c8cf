package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.n;
import static dev.batchjobs.aws.AttributeValues.num;
import static dev.batchjobs.aws.AttributeValues.s;
import static dev.batchjobs.aws.AttributeValues.text;

import dev.batchjobs.domain.chunks.RowFailure;
import dev.batchjobs.domain.failures.FailureRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of the failures table, one per checkpoint that had any failure, and the names of their attributes
 * (and of each failure's map in {@code failures}); no other class spells them.
 */
final class FailureItems {
    static final String INDEX_BY_CHUNK = "by_chunk";

    static final String JOB_ID = "job_id";
    /** The position after the item's last failure: the sort key. */
    static final String ORDINAL_END = "ordinal_end";

    static final String ORDINAL_START = "ordinal_start";
    static final String CHUNK_KEY = "chunk_key";
    static final String CHUNK = "chunk";
    static final String FAILURES = "failures";
    static final String ID = "id";
    static final String ROW = "row";
    static final String ITEM_ID = "item_id";
    static final String REASON = "reason";

    private FailureItems() {}

    static String chunkKey(String jobId, int chunkIndex) {
        return jobId + "#" + chunkIndex;
    }

    /** The item one checkpoint's failures become, numbered from {@code base}. */
    static Map<String, AttributeValue> toItem(String jobId, int chunkIndex, long base, List<RowFailure> failures) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(JOB_ID, s(jobId));
        item.put(ORDINAL_END, n(base + failures.size()));
        item.put(ORDINAL_START, n(base));
        item.put(CHUNK_KEY, s(chunkKey(jobId, chunkIndex)));
        item.put(CHUNK, n(chunkIndex));
        item.put(
                FAILURES,
                AttributeValue.fromL(failures.stream()
                        .map(f -> {
                            Map<String, AttributeValue> m = new HashMap<>();
                            m.put(ID, s(UUID.randomUUID().toString()));
                            m.put(ROW, n(f.rowIndex()));
                            m.put(ITEM_ID, f.rowId() == null ? AttributeValue.fromNul(true) : s(f.rowId()));
                            m.put(REASON, s(f.reason()));
                            return AttributeValue.fromM(m);
                        })
                        .toList()));
        return item;
    }

    static List<FailureRecord> toRecords(Map<String, AttributeValue> item) {
        String jobId = text(item, JOB_ID);
        int chunk = (int) num(item, CHUNK);
        long ordinal = num(item, ORDINAL_START);
        List<FailureRecord> records = new ArrayList<>();
        for (AttributeValue value : item.get(FAILURES).l()) {
            Map<String, AttributeValue> m = value.m();
            AttributeValue itemId = m.get(ITEM_ID);
            records.add(new FailureRecord(
                    text(m, ID),
                    jobId,
                    chunk,
                    num(m, ROW),
                    itemId == null || Boolean.TRUE.equals(itemId.nul()) ? null : itemId.s(),
                    text(m, REASON),
                    ordinal++));
        }
        return records;
    }
}
