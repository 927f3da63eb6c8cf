package dev.batchjobs.domain.input;

import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.InputFormat;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * One streaming pass over a job's input (JSONL or CSV): validates every row when asked, stopping at the first
 * problem as Stripe does, counts the rows, and plans chunks as byte ranges on record boundaries so that each
 * worker reads exactly its rows with a ranged GET. A CSV file's header is read first (and checked against the
 * endpoint when validating); the chunks hold only data records. Memory stays constant but for the duplicate-id
 * set ({@link SeenIds}), one {@code long} per row.
 */
public final class InputScanner {
    /** Chunk sizes and how often progress is reported. */
    public record Settings(int maxRowsPerChunk, long maxBytesPerChunk, int progressEvery) {
        public static final Settings DEFAULT = new Settings(1000, 4L * 1024 * 1024, 10_000);
    }

    /** The rows read before the duplicate table is sized from the input's size and these rows' bytes. */
    private static final long SIZE_AFTER_ROWS = 4096;

    private final Settings settings;
    private final IdHash.Function idHash;

    public InputScanner(Settings settings) {
        this(settings, IdHash::of);
    }

    /** With another id hash: tests force collisions with it. */
    InputScanner(Settings settings, IdHash.Function idHash) {
        this.settings = settings;
        this.idHash = idHash;
    }

    /**
     * @param format   the file's format (for CSV, its delimiter)
     * @param input    the file, read once
     * @param reopen   the file again from its start, for confirming a duplicate id (rarely called)
     * @param rules    the endpoint whose row rules apply; empty with {@code skip_validation} (plan only)
     * @param progress called with the number of rows validated so far, every so often
     */
    public ScanResult scan(
            InputFormat format,
            InputStream input,
            Supplier<InputStream> reopen,
            Optional<Endpoint> rules,
            LongConsumer progress) {
        return scan(format, input, reopen, rules, progress, -1);
    }

    /**
     * {@link #scan(InputFormat, InputStream, Supplier, Optional, LongConsumer)} of an input of {@code inputBytes}
     * bytes (or -1 when not known): the duplicate table is then sized once from it, after the first rows.
     */
    public ScanResult scan(
            InputFormat format,
            InputStream input,
            Supplier<InputStream> reopen,
            Optional<Endpoint> rules,
            LongConsumer progress,
            long inputBytes) {
        return pass(format, input, reopen, rules, rules.isPresent(), progress, inputBytes);
    }

    /**
     * The pass of a {@code skip_validation} job: plans the chunks without refusing anything, and marks each row
     * whose id an earlier row to be sent already has ({@link ChunkRange#duplicates()}), so that it is not sent
     * with the same idempotency key. Only rows that pass {@code endpoint}'s rules claim an id: the others are
     * refused by the workers anyway.
     */
    public ScanResult planMarkingDuplicates(
            InputFormat format, InputStream input, Supplier<InputStream> reopen, Endpoint endpoint) {
        return planMarkingDuplicates(format, input, reopen, endpoint, -1);
    }

    /** {@link #planMarkingDuplicates(InputFormat, InputStream, Supplier, Endpoint)} of {@code inputBytes} bytes. */
    public ScanResult planMarkingDuplicates(
            InputFormat format, InputStream input, Supplier<InputStream> reopen, Endpoint endpoint, long inputBytes) {
        return pass(format, input, reopen, Optional.of(endpoint), false, n -> {}, inputBytes);
    }

    private ScanResult pass(
            InputFormat format,
            InputStream input,
            Supplier<InputStream> reopen,
            Optional<Endpoint> endpoint,
            boolean validating,
            LongConsumer progress,
            long inputBytes) {
        Optional<Endpoint> rules = validating ? endpoint : Optional.empty();
        try (RecordReader records = RecordReader.open(format, input)) {
            long chunkStart = records.skipBom();
            List<String> header = List.of();
            long headerLine = 1;
            if (format.isCsv()) {
                InputRecord headerRecord = records.nextRow();
                if (headerRecord == null) {
                    return rules.isPresent()
                            ? failed(
                                    0,
                                    new InputError(
                                            "empty_file",
                                            1,
                                            -1,
                                            null,
                                            null,
                                            "the file is empty; its first line must be the header (id, path_params.<name>, params.<name>, ...)"))
                            : new ScanResult(0, List.of(), List.of(), Optional.empty());
                }
                headerLine = headerRecord.line();
                CsvFields.Fields names = new CsvFields(format.delimiter()).read(headerRecord);
                if (rules.isPresent()) {
                    Optional<InputError> error = checkHeader(headerRecord, names, rules.get());
                    if (error.isPresent()) {
                        return failed(0, error.get());
                    }
                }
                header = names.ok()
                        ? Arrays.stream(names.values())
                                .map(v -> v == null ? "" : v)
                                .toList()
                        : List.of();
                chunkStart = records.offset();
            }
            InputFormat planned = format.withHeader(header);
            Optional<RowDecoder> decoder = endpoint.map(e -> RowDecoder.of(planned, e));
            Optional<JsonlRowCheck> quick = format.isCsv() ? Optional.empty() : endpoint.map(JsonlRowCheck::new);
            Optional<SeenIds> seen = decoder.map(d -> new SeenIds(
                    idHash,
                    () -> reopen(planned, reopen),
                    validating
                            ? record -> validatedId(quick, d, record)
                            : record -> sentId(quick, d, endpoint.get(), record)));
            ChunkPlan plan = new ChunkPlan(settings, chunkStart, records.line());
            // The common JSONL row is checked where it lies in the read buffer; any other goes the record's way.
            JsonlRowCheck inPlace = quick.isPresent() && seen.isPresent() ? quick.get() : null;
            long rows = 0;
            while (true) {
                long start = records.offset();
                long line = records.line();
                long rowIndex = rows;
                long duplicateOf = -1;
                if (inPlace != null && records.nextInPlace(inPlace)) {
                    rows++;
                    if (rules.isPresent()) {
                        Optional<SeenIds.Duplicate> duplicate = seen.get()
                                .claimInBatch(
                                        inPlace.lineBytes(), inPlace.idStart(), inPlace.idLength(), rowIndex, line);
                        if (duplicate.isPresent()) {
                            return failed(duplicate.get().rowIndex() + 1, duplicateError(duplicate.get()));
                        }
                    } else {
                        duplicateOf =
                                seen.get().claim(inPlace.id(), rowIndex, line).orElse(-1);
                    }
                    plan.add(start, records.offset(), line, rowIndex, duplicateOf);
                } else {
                    InputRecord record = records.nextRow();
                    if (record == null) {
                        break;
                    }
                    rows++;
                    if (rules.isPresent()) {
                        Optional<InputError> error =
                                check(record, rowIndex, rules.get(), quick, decoder.get(), seen.get());
                        if (error.isPresent()) {
                            return failed(error.get().rowIndex() + 1, error.get());
                        }
                    } else if (seen.isPresent()) {
                        String id = sentId(quick, decoder.get(), endpoint.get(), record);
                        if (id != null) {
                            duplicateOf = seen.get()
                                    .claim(id, rowIndex, record.line())
                                    .orElse(-1);
                        }
                    }
                    plan.add(record.start(), record.end(), record.line(), rowIndex, duplicateOf);
                }
                if (rows == SIZE_AFTER_ROWS && inputBytes > 0 && seen.isPresent() && records.offset() > 0) {
                    // 5 % over the estimate: the rows to come may run a little shorter than these.
                    seen.get().expect((long) (1.05 * inputBytes * rows / records.offset()));
                }
                if (rules.isPresent() && rows % settings.progressEvery() == 0) {
                    progress.accept(rows);
                }
            }
            List<ChunkRange> chunks = plan.finish(records.offset());
            if (rules.isPresent()) {
                Optional<SeenIds.Duplicate> duplicate = seen.get().flush();
                if (duplicate.isPresent()) {
                    return failed(duplicate.get().rowIndex() + 1, duplicateError(duplicate.get()));
                }
                progress.accept(rows);
                if (rows == 0) {
                    // A file of nothing but a header says so on the header's line; one of blank lines on the first.
                    return failed(
                            0,
                            new InputError(
                                    "empty_file",
                                    headerLine,
                                    -1,
                                    null,
                                    null,
                                    format.isCsv()
                                            ? "the file holds a header but no rows"
                                            : "the file holds no rows; upload one JSON object per line"));
                }
            }
            return new ScanResult(rows, chunks, header, Optional.empty());
        }
    }

    /** The id of a row before the one being validated: every such row passed, or the input changed under us. */
    private static String validatedId(Optional<JsonlRowCheck> quick, RowDecoder decoder, InputRecord record) {
        String id = quickId(quick, record);
        if (id != null) {
            return id;
        }
        RowDecoder.Decoded decoded = decoder.decode(record);
        if (!decoded.ok() || decoded.id() == null) {
            throw new IllegalStateException("The input changed between two reads of it (line " + record.line() + ")");
        }
        return decoded.id();
    }

    /** The id of a row that a worker will send (it decodes and meets the rules), or null for one it will refuse. */
    private static String sentId(
            Optional<JsonlRowCheck> quick, RowDecoder decoder, Endpoint endpoint, InputRecord record) {
        String id = quickId(quick, record);
        if (id != null) {
            return id;
        }
        RowDecoder.Decoded decoded = decoder.decode(record);
        return decoded.ok() && RowRules.check(endpoint, decoded.row()).isEmpty() ? decoded.id() : null;
    }

    /** The id of a row that certainly passes, told from its tokens; null when the decoder must decide. */
    private static String quickId(Optional<JsonlRowCheck> quick, InputRecord record) {
        return quick.isPresent() ? quick.get().passingId(record) : null;
    }

    private static ScanResult failed(long rows, InputError error) {
        return new ScanResult(rows, List.of(), List.of(), Optional.of(error));
    }

    private static Optional<InputError> checkHeader(InputRecord record, CsvFields.Fields names, Endpoint endpoint) {
        RowProblem problem = names.ok()
                ? CsvLayout.parse(Arrays.asList(names.values()), endpoint).problem()
                : names.problem();
        if (problem == null) {
            return Optional.empty();
        }
        String message =
                problem.code().equals("invalid_header") ? problem.message() : "the header: " + problem.message();
        return Optional.of(new InputError(problem.code(), record.line(), -1, null, problem.field(), message));
    }

    private static Optional<InputError> check(
            InputRecord record,
            long rowIndex,
            Endpoint endpoint,
            Optional<JsonlRowCheck> quick,
            RowDecoder decoder,
            SeenIds seen) {
        String id = quickId(quick, record);
        if (id == null) {
            RowDecoder.Decoded decoded = decoder.decode(record);
            Optional<InputError> error = decoded.ok()
                    ? RowRules.check(endpoint, decoded.row())
                            .flatMap(problem -> error(problem, record, rowIndex, decoded.id()))
                    : error(decoded.problem(), record, rowIndex, decoded.id());
            if (error.isPresent()) {
                // An earlier row's duplicate id, still in the batch, is the first problem.
                return seen.flush().map(InputScanner::duplicateError).or(() -> error);
            }
            id = decoded.id();
        }
        return seen.claimInBatch(id, rowIndex, record.line()).map(InputScanner::duplicateError);
    }

    private static InputError duplicateError(SeenIds.Duplicate duplicate) {
        return new InputError(
                "duplicate_id",
                duplicate.line(),
                duplicate.rowIndex(),
                duplicate.id(),
                "id",
                "the id '" + duplicate.id() + "' is already used on line " + duplicate.firstLine()
                        + "; ids must be unique within the file");
    }

    /** The input again, positioned at its first row (past the byte order mark and, for CSV, the header). */
    private static RecordReader reopen(InputFormat format, Supplier<InputStream> reopen) {
        RecordReader records = RecordReader.open(format, reopen.get());
        records.skipBom();
        if (format.isCsv()) {
            records.nextRow();
        }
        return records;
    }

    private static Optional<InputError> error(RowProblem problem, InputRecord record, long rowIndex, String id) {
        return Optional.of(
                new InputError(problem.code(), record.line(), rowIndex, id, problem.field(), problem.message()));
    }
}
