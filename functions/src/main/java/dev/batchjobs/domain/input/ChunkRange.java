package dev.batchjobs.domain.input;

import java.util.Map;

/**
 * Where a chunk's rows are in the input: bytes {@code [startOffset, endOffset)}, on record boundaries, holding
 * {@code rowCount} rows of which the first is row {@code firstRow} (0-based) of the file; {@code startOffset} is on
 * line {@code firstLine} (1-based), so a worker names the lines of its rows as the file numbers them.
 *
 * @param duplicates the chunk's rows (0-based file row index) whose id an earlier row of the file already has, each
 *     with the line of that earlier row: such a row is not sent, because the target would take it for the earlier
 *     one (both carry the idempotency key {@code job:id}). Planned with {@code skip_validation}; validation refuses
 *     the whole file instead.
 */
public record ChunkRange(
        long startOffset, long endOffset, long firstRow, int rowCount, long firstLine, Map<Long, Long> duplicates) {
    public ChunkRange {
        if (startOffset < 0 || endOffset < startOffset || firstRow < 0 || rowCount < 0 || firstLine < 1) {
            throw new IllegalArgumentException("Bad chunk range " + startOffset + ".." + endOffset + " rows " + firstRow
                    + "+" + rowCount + " from line " + firstLine);
        }
        for (long row : duplicates.keySet()) {
            if (row < firstRow || row >= firstRow + rowCount) {
                throw new IllegalArgumentException(
                        "Duplicate row " + row + " is outside the chunk's rows " + firstRow + "+" + rowCount);
            }
        }
        duplicates = Map.copyOf(duplicates);
    }

    /** A range with no duplicate ids in it. */
    public ChunkRange(long startOffset, long endOffset, long firstRow, int rowCount, long firstLine) {
        this(startOffset, endOffset, firstRow, rowCount, firstLine, Map.of());
    }
}
