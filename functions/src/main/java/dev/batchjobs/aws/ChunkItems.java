package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.n;
import static dev.batchjobs.aws.AttributeValues.num;
import static dev.batchjobs.aws.AttributeValues.s;

import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.input.ChunkRange;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Chunk items of the jobs table ({@code pk = chunk#JOB#INDEX}, no {@code account_id}, so listing never sees them)
 * and the names of the attributes only chunk items have; the names every item of the table shares are
 * {@link JobItems}'.
 */
final class ChunkItems {
    static final String INDEX = "idx";
    static final String START_OFFSET = "start_offset";
    static final String END_OFFSET = "end_offset";
    static final String FIRST_ROW = "first_row";
    static final String ROW_COUNT = "row_count";
    static final String FIRST_LINE = "first_line";
    /** Rows not to be sent, their id being an earlier row's: file row index to the line of that earlier row. */
    static final String DUPLICATES = "duplicate_rows";
    /** The rows done, as the bytes of a bit set over the chunk's rows. */
    static final String DONE = "done";

    static final String PARTS = "parts";
    /** The token in each committed part's name, in part order ("" for a part named by its number alone). */
    static final String PART_TOKENS = "part_tokens";

    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";
    static final String SETTLED = "settled";

    private ChunkItems() {}

    static String chunkKey(String jobId, int index) {
        return "chunk#" + jobId + "#" + index;
    }

    static Map<String, AttributeValue> key(String jobId, int index) {
        return JobItems.key(chunkKey(jobId, index));
    }

    /** The chunk index an item of a chunk carries. */
    static int indexOf(Map<String, AttributeValue> item) {
        return (int) num(item, INDEX);
    }

    static AttributeValue done(BitSet done) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(done.toByteArray()));
    }

    private static AttributeValue duplicates(Map<Long, Long> rows) {
        Map<String, AttributeValue> map = new HashMap<>();
        rows.forEach((row, line) -> map.put(Long.toString(row), n(line)));
        return AttributeValue.fromM(map);
    }

    private static Map<Long, Long> duplicatesOf(Map<String, AttributeValue> item) {
        if (!item.containsKey(DUPLICATES)) {
            return Map.of();
        }
        Map<Long, Long> rows = new HashMap<>();
        item.get(DUPLICATES).m().forEach((row, line) -> rows.put(Long.parseLong(row), Long.parseLong(line.n())));
        return rows;
    }

    /** The item of a planned chunk of job {@code jobId}. */
    static Map<String, AttributeValue> toItem(String jobId, ChunkState chunk) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(JobItems.PK, s(chunkKey(jobId, chunk.index())));
        item.put(JobItems.TYPE, s(JobItems.TYPE_CHUNK));
        item.put(JobItems.JOB_ID, s(jobId));
        item.put(INDEX, n(chunk.index()));
        item.put(START_OFFSET, n(chunk.range().startOffset()));
        item.put(END_OFFSET, n(chunk.range().endOffset()));
        item.put(FIRST_ROW, n(chunk.range().firstRow()));
        item.put(ROW_COUNT, n(chunk.range().rowCount()));
        item.put(FIRST_LINE, n(chunk.range().firstLine()));
        if (!chunk.range().duplicates().isEmpty()) {
            item.put(DUPLICATES, duplicates(chunk.range().duplicates()));
        }
        item.put(DONE, done(chunk.done()));
        item.put(PARTS, n(chunk.parts()));
        item.put(PART_TOKENS, partTokens(chunk.partTokens()));
        item.put(SUCCEEDED, n(chunk.succeeded()));
        item.put(FAILED, n(chunk.failed()));
        item.put(JobItems.VERSION, n(chunk.version()));
        return item;
    }

    static ChunkState toChunk(String jobId, int index, Map<String, AttributeValue> item) {
        return new ChunkState(
                jobId,
                index,
                new ChunkRange(
                        num(item, START_OFFSET),
                        num(item, END_OFFSET),
                        num(item, FIRST_ROW),
                        (int) num(item, ROW_COUNT),
                        num(item, FIRST_LINE),
                        duplicatesOf(item)),
                BitSet.valueOf(item.get(DONE).b().asByteArray()),
                (int) num(item, PARTS),
                num(item, SUCCEEDED),
                num(item, FAILED),
                num(item, JobItems.VERSION),
                item.containsKey(PART_TOKENS)
                        ? item.get(PART_TOKENS).l().stream()
                                .map(AttributeValue::s)
                                .toList()
                        : List.of());
    }

    static AttributeValue partTokens(List<String> tokens) {
        return AttributeValue.fromL(tokens.stream().map(AttributeValue::fromS).toList());
    }
}
