package dev.batchjobs.domain.chunks;

import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.input.InputRecord;
import dev.batchjobs.domain.input.RecordReader;
import dev.batchjobs.domain.input.RowDecoder;
import dev.batchjobs.domain.input.RowProblem;
import dev.batchjobs.domain.input.RowRules;
import dev.batchjobs.domain.target.PendingRow;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * The rows of one chunk, read from its byte range with the same record reader the planner used: blank lines
 * skipped without taking a row number, rows already done skipped. Each row is decoded and checked against the
 * endpoint's rules as it is reached, so a chunk is never held in memory; a row that breaks them is handed on as
 * invalid, with the reason, to be refused instead of sent.
 */
public final class ChunkRows implements Iterator<PendingRow>, AutoCloseable {
    private final RecordReader records;
    private final RowDecoder decoder;
    private final Endpoint endpoint;
    private final LongPredicate alreadyDone;
    private final Map<Long, Long> duplicates;
    private long nextRowIndex;
    private PendingRow next;
    private boolean exhausted;

    /**
     * @param records     the chunk's byte range, as records of the job's format
     * @param firstRow    the 0-based index of the chunk's first row in the file
     * @param alreadyDone rows to skip (done by an earlier run)
     */
    public ChunkRows(
            RecordReader records, RowDecoder decoder, Endpoint endpoint, long firstRow, LongPredicate alreadyDone) {
        this(records, decoder, endpoint, firstRow, alreadyDone, Map.of());
    }

    /**
     * @param duplicates rows (0-based file index) whose id an earlier row of the file has, each with that row's
     *     line (the chunk range's {@code duplicates}): refused as {@code duplicate_id}
     */
    public ChunkRows(
            RecordReader records,
            RowDecoder decoder,
            Endpoint endpoint,
            long firstRow,
            LongPredicate alreadyDone,
            Map<Long, Long> duplicates) {
        this.duplicates = duplicates;
        this.records = records;
        this.decoder = decoder;
        this.endpoint = endpoint;
        this.nextRowIndex = firstRow;
        this.alreadyDone = alreadyDone;
    }

    @Override
    public boolean hasNext() {
        while (next == null && !exhausted) {
            InputRecord record = records.nextRow();
            if (record == null) {
                exhausted = true;
                records.close();
                break;
            }
            long rowIndex = nextRowIndex++;
            if (!alreadyDone.test(rowIndex)) {
                next = pending(rowIndex, record);
            }
        }
        return next != null;
    }

    @Override
    public PendingRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        PendingRow row = next;
        next = null;
        return row;
    }

    /** Lets go of the chunk's byte range before its end (a run that stopped early). */
    @Override
    public void close() {
        exhausted = true;
        records.close();
    }

    private PendingRow pending(long rowIndex, InputRecord record) {
        RowDecoder.Decoded decoded = decoder.decode(record);
        Long firstLine = duplicates.get(rowIndex);
        if (firstLine != null) {
            return PendingRow.refused(
                    rowIndex,
                    decoded.id(),
                    "duplicate_id",
                    "Row " + (rowIndex + 1) + " (line " + record.line() + ") was not sent: the id '" + decoded.id()
                            + "' is already used on line " + firstLine
                            + ", whose request went with the same idempotency key; ids must be unique within the"
                            + " file");
        }
        Optional<RowProblem> problem =
                decoded.ok() ? RowRules.check(endpoint, decoded.row()) : Optional.of(decoded.problem());
        return problem.isPresent()
                ? PendingRow.invalid(
                        rowIndex,
                        decoded.id(),
                        "Row " + (rowIndex + 1) + " (line " + record.line() + "): "
                                + problem.get().message())
                : PendingRow.valid(rowIndex, decoded.id(), decoded.row());
    }
}
