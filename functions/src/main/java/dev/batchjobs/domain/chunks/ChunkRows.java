package dev.batchjobs.domain.chunks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.domain.dispatch.PendingRow;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.function.LongPredicate;

/**
 * The rows of one chunk, read from its byte range: lines split on {@code \n} (a {@code \r} before it is
 * dropped), blank lines skipped without taking a row number, rows already done skipped. Each row is parsed
 * and checked as it is reached, so a chunk is never held in memory.
 */
public final class ChunkRows implements Iterator<PendingRow> {
    /** The longest row: 1 MiB, not counting the line end. Longer ones are refused, never loaded whole. */
    public static final int MAX_LINE_BYTES = 1 << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final InputStream in;
    private final LongPredicate alreadyDone;
    private final BiFunction<Long, JsonNode, java.util.Optional<String>> check;
    private long nextRowIndex;
    private PendingRow next;
    private boolean exhausted;

    /**
     * @param firstRow    the 0-based index of the chunk's first row in the file
     * @param alreadyDone rows to skip (done by an earlier run)
     * @param check       the row rules: the problem with a parsed row, if any
     */
    public ChunkRows(InputStream in, long firstRow, LongPredicate alreadyDone,
                     BiFunction<Long, JsonNode, java.util.Optional<String>> check) {
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.nextRowIndex = firstRow;
        this.alreadyDone = alreadyDone;
        this.check = check;
    }

    @Override
    public boolean hasNext() {
        while (next == null && !exhausted) {
            byte[] line = readLine();
            if (line == null) {
                exhausted = true;
                close();
                break;
            }
            if (line != TOO_LONG && isBlank(line)) {
                continue;
            }
            long rowIndex = nextRowIndex++;
            if (!alreadyDone.test(rowIndex)) {
                next = line == TOO_LONG
                        ? PendingRow.invalid(rowIndex, null, "Row " + (rowIndex + 1) + " is longer than 1 MiB")
                        : parse(rowIndex, line);
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

    private PendingRow parse(long rowIndex, byte[] line) {
        JsonNode row;
        try {
            row = MAPPER.readTree(line);
        } catch (IOException e) {
            return PendingRow.invalid(rowIndex, null, "Row " + (rowIndex + 1) + " is not valid JSON");
        }
        String id = row != null && row.isObject() && row.path("id").isTextual() ? row.get("id").textValue() : null;
        java.util.Optional<String> problem = row == null || !row.isObject()
                ? java.util.Optional.of("Row " + (rowIndex + 1) + " is not a JSON object")
                : check.apply(rowIndex, row);
        return problem.isPresent() ? PendingRow.invalid(rowIndex, id, problem.get()) : PendingRow.valid(rowIndex, id, row);
    }

    /** Stands for a line over the limit, whose bytes were skipped. */
    private static final byte[] TOO_LONG = {'x'};

    private byte[] readLine() {
        try {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            int b;
            boolean any = false;
            boolean tooLong = false;
            while ((b = in.read()) != -1) {
                any = true;
                if (b == '\n') {
                    break;
                }
                if (line.size() <= MAX_LINE_BYTES) {
                    line.write(b);
                } else {
                    tooLong = true;
                }
            }
            if (tooLong || (line.size() > MAX_LINE_BYTES && !endsWithCr(line))) {
                return TOO_LONG;
            }
            if (!any) {
                return null;
            }
            byte[] bytes = line.toByteArray();
            if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
                return java.util.Arrays.copyOf(bytes, bytes.length - 1);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the chunk's rows failed", e);
        }
    }

    private static boolean endsWithCr(ByteArrayOutputStream line) {
        byte[] bytes = line.toByteArray();
        return bytes.length == MAX_LINE_BYTES + 1 && bytes[bytes.length - 1] == '\r';
    }

    /** Whether a line holds nothing but white space: such lines are not rows, here and in the planner. */
    public static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b < 0 || !Character.isWhitespace(b)) {
                return b >= 0 ? false : new String(line, StandardCharsets.UTF_8).isBlank();
            }
        }
        return true;
    }

    private void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // the rows are all read
        }
    }
}
