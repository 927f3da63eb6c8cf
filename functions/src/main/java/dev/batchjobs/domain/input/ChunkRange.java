package dev.batchjobs.domain.input;

/**
 * Where a chunk's rows are in the input: bytes {@code [startOffset, endOffset)}, on record boundaries, holding
 * {@code rowCount} rows of which the first is row {@code firstRow} (0-based) of the file; {@code startOffset} is on
 * line {@code firstLine} (1-based), so a worker names the lines of its rows as the file numbers them.
 */
public record ChunkRange(long startOffset, long endOffset, long firstRow, int rowCount, long firstLine) {
    public ChunkRange {
        if (startOffset < 0 || endOffset < startOffset || firstRow < 0 || rowCount < 0 || firstLine < 1) {
            throw new IllegalArgumentException("Bad chunk range " + startOffset + ".." + endOffset + " rows " + firstRow
                    + "+" + rowCount + " from line " + firstLine);
        }
    }
}
