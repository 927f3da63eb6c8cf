package dev.batchjobs.domain.chunks;

/**
 * Where a chunk's rows are in the input: bytes {@code [startOffset, endOffset)}, on line boundaries, holding
 * {@code rowCount} rows of which the first is row {@code firstRow} (0-based) of the file.
 */
public record ChunkRange(long startOffset, long endOffset, long firstRow, int rowCount) {
    public ChunkRange {
        if (startOffset < 0 || endOffset < startOffset || firstRow < 0 || rowCount < 0) {
            throw new IllegalArgumentException("Bad chunk range " + startOffset + ".." + endOffset + " rows "
                    + firstRow + "+" + rowCount);
        }
    }
}
