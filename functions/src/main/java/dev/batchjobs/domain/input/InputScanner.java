package dev.batchjobs.domain.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.chunks.ChunkRange;
import dev.batchjobs.domain.chunks.ChunkRows;
import dev.batchjobs.domain.chunks.RowProblem;
import dev.batchjobs.domain.chunks.RowRules;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * One streaming pass over a job's input (JSONL): validates every row when asked, stopping at the first
 * problem as Stripe does, counts the rows, and plans chunks as byte ranges on line boundaries so that each
 * worker reads exactly its rows with a ranged GET. Memory stays constant but for the duplicate-id set, one
 * {@code long} per row ({@link LongHashSet}); a hash match is confirmed against the ids themselves with
 * another pass over the input, so a collision never yields a false "duplicate id".
 */
public final class InputScanner {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** Chunk sizes and how often progress is reported. */
    public record Settings(int maxRowsPerChunk, long maxBytesPerChunk, int progressEvery) {
        public static final Settings DEFAULT = new Settings(1000, 4L * 1024 * 1024, 10_000);
    }

    private final Settings settings;
    private final ToLongFunction<byte[]> idHash;

    public InputScanner(Settings settings) {
        this(settings, IdHash::of);
    }

    /** With another id hash: tests force collisions with it. */
    InputScanner(Settings settings, ToLongFunction<byte[]> idHash) {
        this.settings = settings;
        this.idHash = idHash;
    }

    /**
     * @param input    the file, read once
     * @param reopen   the file again from its start, for confirming a duplicate id (rarely called)
     * @param rules    the endpoint whose row rules apply; empty with {@code skip_validation} (plan only)
     * @param progress called with the number of rows validated so far, every so often
     */
    public ScanResult scan(InputStream input, Supplier<InputStream> reopen, Optional<Endpoint> rules, LongConsumer progress) {
        Lines lines = new Lines(input);
        List<ChunkRange> chunks = new ArrayList<>();
        LongHashSet idHashes = new LongHashSet();
        Map<Long, Map<String, Long>> confirmed = new HashMap<>();
        long rows = 0;
        long chunkStart = lines.skipBom();
        long chunkFirstRow = 0;
        long chunkRows = 0;
        for (Line line = lines.next(); line != null; line = lines.next()) {
            if (!line.tooLong() && ChunkRows.isBlank(line.bytes())) {
                continue;
            }
            long rowIndex = rows++;
            if (rules.isPresent()) {
                Optional<InputError> error = check(line, rowIndex, rules.get(), idHashes, confirmed, reopen);
                if (error.isPresent()) {
                    return new ScanResult(rows, List.of(), error);
                }
                if (rows % settings.progressEvery() == 0) {
                    progress.accept(rows);
                }
            }
            boolean full = chunkRows == settings.maxRowsPerChunk()
                    || (chunkRows > 0 && line.end() - chunkStart > settings.maxBytesPerChunk());
            if (full) {
                chunks.add(new ChunkRange(chunkStart, line.start(), chunkFirstRow, (int) chunkRows));
                chunkStart = line.start();
                chunkFirstRow = rowIndex;
                chunkRows = 0;
            }
            chunkRows++;
        }
        if (chunkRows > 0) {
            chunks.add(new ChunkRange(chunkStart, lines.offset(), chunkFirstRow, (int) chunkRows));
        }
        if (rules.isPresent()) {
            progress.accept(rows);
            if (rows == 0) {
                return new ScanResult(0, List.of(), Optional.of(new InputError("empty_file", Math.max(1, lines.lineNumber()),
                        0, null, null, "the file holds no rows; upload one JSON object per line")));
            }
        }
        return new ScanResult(rows, chunks, Optional.empty());
    }

    private Optional<InputError> check(Line line, long rowIndex, Endpoint endpoint, LongHashSet idHashes,
                                       Map<Long, Map<String, Long>> confirmed, Supplier<InputStream> reopen) {
        if (line.tooLong()) {
            return error("line_too_long", line, rowIndex, null, null,
                    "the row is longer than 1 MiB (" + ChunkRows.MAX_LINE_BYTES + " bytes)");
        }
        if (!isUtf8(line.bytes())) {
            return error("invalid_utf8", line, rowIndex, null, null, "the row is not valid UTF-8");
        }
        JsonNode row;
        try {
            row = MAPPER.readTree(line.bytes());
        } catch (JsonProcessingException e) {
            return error("invalid_json", line, rowIndex, null, null, "invalid JSON at column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (row == null || !row.isObject()) {
            return error("not_an_object", line, rowIndex, null, null, "each line must be one JSON object");
        }
        String id = row.path("id").isTextual() ? row.get("id").textValue() : null;
        Optional<RowProblem> problem = RowRules.check(endpoint, row);
        if (problem.isPresent()) {
            return error(problem.get().code(), line, rowIndex, id, problem.get().field(), problem.get().message());
        }
        long hash = idHash.applyAsLong(id.getBytes(StandardCharsets.UTF_8));
        if (idHashes.add(hash)) {
            return Optional.empty();
        }
        Map<String, Long> known = confirmed.computeIfAbsent(hash, h -> idsWithHash(h, rowIndex, reopen));
        Long firstLine = known.get(id);
        if (firstLine != null) {
            return error("duplicate_id", line, rowIndex, id, "id", "the id '" + id + "' is already used on line " + firstLine
                    + "; ids must be unique within the file");
        }
        known.put(id, line.number());
        return Optional.empty();
    }

    /** Every id before row {@code beforeRow} whose hash is {@code hash}, with the line it is first on. */
    private Map<String, Long> idsWithHash(long hash, long beforeRow, Supplier<InputStream> reopen) {
        Map<String, Long> ids = new HashMap<>();
        Lines lines = new Lines(reopen.get());
        lines.skipBom();
        long row = 0;
        for (Line line = lines.next(); line != null && row < beforeRow; line = lines.next()) {
            if (!line.tooLong() && ChunkRows.isBlank(line.bytes())) {
                continue;
            }
            row++;
            try {
                JsonNode node = MAPPER.readTree(line.bytes());
                String id = node.path("id").textValue();
                if (id != null && idHash.applyAsLong(id.getBytes(StandardCharsets.UTF_8)) == hash) {
                    ids.putIfAbsent(id, line.number());
                }
            } catch (IOException e) {
                throw new IllegalStateException("The input changed between two reads of it", e);
            }
        }
        lines.close();
        return ids;
    }

    private static Optional<InputError> error(String code, Line line, long rowIndex, String id, String field, String message) {
        return Optional.of(new InputError(code, line.number(), rowIndex, id, field, message));
    }

    private static boolean isUtf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /** One line: its bytes (without the line end), where it starts and ends in the file, its 1-based number. */
    private record Line(byte[] bytes, long start, long end, long number, boolean tooLong) {}

    /** Splits a stream into lines, counting bytes exactly so that chunk ranges fall on line boundaries. */
    private static final class Lines {
        private final InputStream in;
        private byte[] buffer = new byte[1024];
        private long offset;
        private long number;

        Lines(InputStream in) {
            this.in = new BufferedInputStream(in, 256 * 1024);
        }

        long offset() {
            return offset;
        }

        long lineNumber() {
            return number;
        }

        /** Skips a UTF-8 byte order mark at the very start; returns where the rows begin. */
        long skipBom() {
            try {
                in.mark(3);
                byte[] head = in.readNBytes(3);
                if (Arrays.equals(head, BOM)) {
                    offset = 3;
                } else {
                    in.reset();
                }
                return offset;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Line next() {
            try {
                long start = offset;
                int length = 0;
                boolean tooLong = false;
                int b;
                boolean any = false;
                while ((b = in.read()) != -1) {
                    any = true;
                    offset++;
                    if (b == '\n') {
                        break;
                    }
                    if (length <= ChunkRows.MAX_LINE_BYTES) {
                        if (length == buffer.length) {
                            buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, ChunkRows.MAX_LINE_BYTES + 1));
                        }
                        buffer[length++] = (byte) b;
                    } else {
                        tooLong = true;
                    }
                }
                if (!any) {
                    return null;
                }
                number++;
                if (length > 0 && buffer[length - 1] == '\r') {
                    length--;
                }
                tooLong = tooLong || length > ChunkRows.MAX_LINE_BYTES;
                return new Line(Arrays.copyOf(buffer, length), start, offset, number, tooLong);
            } catch (IOException e) {
                throw new UncheckedIOException("Reading the input failed", e);
            }
        }

        void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // read to the point needed
            }
        }
    }
}
