package dev.batchjobs.domain.input;

import dev.batchjobs.domain.InputFormat;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Cuts an input stream into records, counting bytes exactly so that chunk ranges fall on record boundaries and
 * a worker reading a range sees exactly its records. The planner and the workers use the same readers, so they
 * can never disagree about where a record ends. Reads through its own buffer, a line at a time for JSONL.
 */
public abstract class RecordReader implements Closeable {
    /** The longest record: 1 MiB, not counting the line end. Longer ones are refused, never loaded whole. */
    public static final int MAX_RECORD_BYTES = 1 << 20;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    private final byte[] buffer = new byte[256 * 1024];
    private int position;
    private int limit;
    private long offset;
    private long line;
    private byte[] record = new byte[1024];
    private int length;
    private boolean overflow;

    protected RecordReader(InputStream in, long firstLine) {
        this.in = in;
        this.line = firstLine;
    }

    /** A reader of a whole file's records; a CSV reader splits on the format's delimiter. */
    public static RecordReader open(InputFormat format, InputStream in) {
        return open(format, in, 1);
    }

    /** A reader of the records of a part of a file that starts on line {@code firstLine}, such as a chunk's range. */
    public static RecordReader open(InputFormat format, InputStream in, long firstLine) {
        return format.isCsv()
                ? new CsvRecordReader(in, format.delimiter(), firstLine)
                : new JsonlRecordReader(in, firstLine);
    }

    /** The next record, or null at the end of the input. */
    public final InputRecord next() {
        long start = offset;
        long startLine = line;
        begin();
        int first = read();
        return first == -1 ? null : rest(first, start, startLine);
    }

    /** The next record that is a row (blank lines are not, for the planner and the workers alike), or null at the end. */
    public final InputRecord nextRow() {
        InputRecord record = next();
        while (record != null && record.isBlank()) {
            record = next();
        }
        return record;
    }

    /** A check that reads a line where it lies in the read buffer, without copying it. */
    interface InPlace {
        /**
         * Where the {@code \n} ending the line that starts at {@code from} is, when the check accepts that line whole
         * from {@code buffer}, which holds bytes up to {@code to}; -1 to have it read as a record instead.
         */
        int lineEnd(byte[] buffer, int from, int to);
    }

    /**
     * Reads the next line in place if {@code check} accepts it (see {@link InPlace}); otherwise reads nothing, and the
     * line is for {@link #nextRow()}. A line cut short by the buffer's end is never accepted.
     */
    final boolean nextInPlace(InPlace check) {
        if (!fill()) {
            return false;
        }
        int end = check.lineEnd(buffer, position, limit);
        if (end < position || end >= limit || buffer[end] != '\n') {
            return false;
        }
        offset += end + 1 - position;
        position = end + 1;
        line++;
        return true;
    }

    /** Reads the rest of a record whose first byte is {@code first}, and ends it with {@link #end}. */
    protected abstract InputRecord rest(int first, long start, long startLine);

    /** Bytes consumed so far: where the next record starts. */
    public long offset() {
        return offset;
    }

    /** The 1-based line the reader is on. */
    public long line() {
        return line;
    }

    /** Skips a UTF-8 byte order mark at the very start of the file; returns where the records begin. */
    public long skipBom() {
        if (fill()
                && limit - position >= BOM.length
                && Arrays.equals(buffer, position, position + BOM.length, BOM, 0, BOM.length)) {
            position += BOM.length;
            offset += BOM.length;
        }
        return offset;
    }

    /** The next byte, or -1 at the end; counts the byte and, for {@code \n}, the line. */
    protected final int read() {
        if (position == limit && !fill()) {
            return -1;
        }
        offset++;
        int b = buffer[position++] & 0xFF;
        if (b == '\n') {
            line++;
        }
        return b;
    }

    /**
     * Collects the bytes up to the next {@code \n} (which is consumed, counted and not kept) or the end of the input,
     * a buffer's run at a time; returns whether a {@code \n} ended them.
     */
    protected final boolean keepToLineEnd() {
        while (position < limit || fill()) {
            int from = position;
            int to = from;
            while (to < limit && buffer[to] != '\n') {
                to++;
            }
            keep(buffer, from, to - from);
            offset += to - from;
            position = to;
            if (to < limit) {
                position++;
                offset++;
                line++;
                return true;
            }
        }
        return false;
    }

    /** Starts collecting a new record's bytes. */
    private void begin() {
        length = 0;
        overflow = false;
    }

    /** Adds a byte to the record being collected (bytes past the limit are counted, not kept). */
    protected final void keep(int b) {
        if (length < MAX_RECORD_BYTES + 1) {
            if (length == record.length) {
                record = Arrays.copyOf(record, Math.min(record.length * 2, MAX_RECORD_BYTES + 1));
            }
            record[length++] = (byte) b;
        } else {
            overflow = true;
        }
    }

    /** Adds bytes to the record being collected, as {@link #keep(int)} does one by one. */
    private void keep(byte[] bytes, int from, int count) {
        int room = MAX_RECORD_BYTES + 1 - length;
        int kept = Math.min(count, room);
        if (kept > 0) {
            if (length + kept > record.length) {
                int size = record.length;
                while (size < length + kept) {
                    size *= 2;
                }
                record = Arrays.copyOf(record, Math.min(size, MAX_RECORD_BYTES + 1));
            }
            System.arraycopy(bytes, from, record, length, kept);
            length += kept;
        }
        if (kept < count) {
            overflow = true;
        }
    }

    /** The record collected since {@link #begin()}, its line end ({@code \n} already dropped, a {@code \r} before it too). */
    protected final InputRecord end(long start, long startLine, boolean sawNewline, boolean unterminated) {
        int kept = length;
        if (sawNewline && kept > 0 && record[kept - 1] == '\r' && !overflow) {
            kept--;
        }
        boolean tooLong = overflow || kept > MAX_RECORD_BYTES;
        return new InputRecord(
                Arrays.copyOf(record, Math.min(kept, MAX_RECORD_BYTES)),
                start,
                offset,
                startLine,
                tooLong,
                unterminated);
    }

    private boolean fill() {
        if (position < limit) {
            return true;
        }
        try {
            int read = in.readNBytes(buffer, 0, buffer.length);
            position = 0;
            limit = Math.max(0, read);
            return limit > 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the input failed", e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // everything needed has been read
        }
    }
}
