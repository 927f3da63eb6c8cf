package dev.batchjobs.domain.input;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chunks of a pass, planned row by row: a chunk closes before the row that would take it past the most rows, or
 * (when it holds a row already) past the most bytes, so every chunk starts on a record boundary.
 */
final class ChunkPlan {
    private final InputScanner.Settings settings;
    private final List<ChunkRange> chunks = new ArrayList<>();
    private final Map<Long, Long> duplicates = new HashMap<>();
    private long start;
    private long firstLine;
    private long firstRow;
    private long rows;

    /** A plan whose first chunk starts at byte {@code start}, on line {@code firstLine}. */
    ChunkPlan(InputScanner.Settings settings, long start, long firstLine) {
        this.settings = settings;
        this.start = start;
        this.firstLine = firstLine;
    }

    /**
     * Adds row {@code rowIndex}: bytes {@code [rowStart, rowEnd)} of the file, starting on {@code line}; with
     * {@code duplicateOf} the line of an earlier row with its id, or -1.
     */
    void add(long rowStart, long rowEnd, long line, long rowIndex, long duplicateOf) {
        boolean full = rows == settings.maxRowsPerChunk() || (rows > 0 && rowEnd - start > settings.maxBytesPerChunk());
        if (full) {
            chunks.add(new ChunkRange(start, rowStart, firstRow, (int) rows, firstLine, duplicates));
            duplicates.clear();
            start = rowStart;
            firstLine = line;
            firstRow = rowIndex;
            rows = 0;
        }
        if (duplicateOf >= 0) {
            duplicates.put(rowIndex, duplicateOf);
        }
        rows++;
    }

    /** The chunks, the last one ending at byte {@code end}. */
    List<ChunkRange> finish(long end) {
        if (rows > 0) {
            chunks.add(new ChunkRange(start, end, firstRow, (int) rows, firstLine, duplicates));
            rows = 0;
        }
        return chunks;
    }
}
