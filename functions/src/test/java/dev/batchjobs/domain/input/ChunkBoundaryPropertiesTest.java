package dev.batchjobs.domain.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.InputFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The planner and the workers agree on where records end, for any file: each chunk the {@link InputScanner} plans,
 * read on its own from its byte range and first line as a worker reads it ({@code ChunkState.records}: a
 * {@link RecordReader} over the range), yields exactly its {@code rowCount} rows, and the chunks together yield every
 * row of the file once, in order, each on the line the file has it on. Files are generated with CSV quoted fields
 * holding delimiters, doubled quotes and line ends, CRLF and LF line ends, multi-byte UTF-8 (up to 4 bytes), blank
 * lines, a byte order mark or none, and a last line with or without its line end; chunks are made small (a few rows,
 * a few hundred bytes) so that a file has many boundaries.
 */
class ChunkBoundaryPropertiesTest {
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};

    /** One generated row: its text (without its line end) and how it ends; a blank line may come before it. */
    record Line(String text, boolean crlf, String blankBefore) {}

    /** A file being built, with what a reader must find in it: every row's text and the line it starts on. */
    private static final class File {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<String> rows = new ArrayList<>();
        final List<Long> lines = new ArrayList<>();
        long line = 1;

        void append(String text) {
            byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
            bytes.writeBytes(encoded);
            line += text.chars().filter(c -> c == '\n').count();
        }

        /** Appends the lines, the last one without a line end unless {@code endsWithNewline}; returns their texts. */
        void appendAll(List<Line> content, boolean endsWithNewline, boolean expected) {
            for (int i = 0; i < content.size(); i++) {
                Line l = content.get(i);
                append(l.blankBefore());
                if (expected) {
                    rows.add(l.text());
                    lines.add(line);
                }
                append(l.text());
                if (i < content.size() - 1 || endsWithNewline) {
                    append(l.crlf() ? "\r\n" : "\n");
                }
            }
        }
    }

    @Property(tries = 300)
    void everyCsvRowIsInExactlyOneChunkInOrderOnItsLine(
            @ForAll @IntRange(min = 0, max = 3) int delimiterIndex,
            @ForAll("csvRows") List<List<String>> rows,
            @ForAll("lineEnds") List<Line> ends,
            @ForAll boolean bom,
            @ForAll boolean endsWithNewline,
            @ForAll @IntRange(min = 1, max = 6) int maxRowsPerChunk,
            @ForAll @IntRange(min = 1, max = 400) int maxBytesPerChunk) {
        char delimiter = DELIMITERS[delimiterIndex];
        List<Line> content = new ArrayList<>();
        content.add(new Line(csvRecord(List.of("id", "params.a", "params.b"), delimiter), false, ""));
        for (int i = 0; i < rows.size(); i++) {
            Line end = ends.get(i % ends.size());
            content.add(new Line(csvRecord(rows.get(i), delimiter), end.crlf(), end.blankBefore()));
        }
        File file = new File();
        if (bom) {
            file.append("\uFEFF");
        }
        // The header is not a row: write it alone, then the rows.
        file.appendAll(content.subList(0, 1), !rows.isEmpty() || endsWithNewline, false);
        file.appendAll(content.subList(1, content.size()), endsWithNewline, true);

        assertChunksReadBackEveryRow(InputFormat.csv(delimiter), file, maxRowsPerChunk, maxBytesPerChunk);
    }

    @Property(tries = 300)
    void everyJsonlRowIsInExactlyOneChunkInOrderOnItsLine(
            @ForAll("values") List<String> values,
            @ForAll("lineEnds") List<Line> ends,
            @ForAll boolean bom,
            @ForAll boolean endsWithNewline,
            @ForAll @IntRange(min = 1, max = 6) int maxRowsPerChunk,
            @ForAll @IntRange(min = 1, max = 400) int maxBytesPerChunk) {
        List<Line> content = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Line end = ends.get(i % ends.size());
            String row = "{\"id\": \"r" + i + "\", \"params\": {\"name\": \"" + jsonEscaped(values.get(i)) + "\"}}";
            content.add(new Line(row, end.crlf(), end.blankBefore()));
        }
        File file = new File();
        if (bom) {
            file.append("\uFEFF");
        }
        file.appendAll(content, endsWithNewline, true);

        assertChunksReadBackEveryRow(InputFormat.JSONL, file, maxRowsPerChunk, maxBytesPerChunk);
    }

    private static void assertChunksReadBackEveryRow(
            InputFormat format, File file, int maxRowsPerChunk, int maxBytesPerChunk) {
        byte[] bytes = file.bytes.toByteArray();
        ScanResult plan = new InputScanner(new InputScanner.Settings(maxRowsPerChunk, maxBytesPerChunk, 1000))
                .scan(
                        format,
                        new ByteArrayInputStream(bytes),
                        () -> new ByteArrayInputStream(bytes),
                        Optional.empty(),
                        n -> {});

        assertThat(plan.error()).isEmpty();
        assertThat(plan.rows()).isEqualTo(file.rows.size());
        List<String> texts = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        long previousEnd = 0;
        for (ChunkRange chunk : plan.chunks()) {
            assertThat(chunk.firstRow()).as("chunks follow each other").isEqualTo(texts.size());
            assertThat(chunk.startOffset()).as("chunks do not overlap").isGreaterThanOrEqualTo(previousEnd);
            assertThat(chunk.rowCount()).isBetween(1, maxRowsPerChunk);
            int before = texts.size();
            ByteArrayInputStream range = new ByteArrayInputStream(
                    bytes, (int) chunk.startOffset(), (int) (chunk.endOffset() - chunk.startOffset()));
            try (RecordReader records = RecordReader.open(format, range, chunk.firstLine())) {
                for (InputRecord record = records.nextRow(); record != null; record = records.nextRow()) {
                    assertThat(record.unterminated()).isFalse();
                    texts.add(new String(record.bytes(), StandardCharsets.UTF_8));
                    lines.add(record.line());
                }
            }
            assertThat(texts.size() - before)
                    .as("a chunk holds its rowCount rows")
                    .isEqualTo(chunk.rowCount());
            previousEnd = chunk.endOffset();
        }
        assertThat(texts).containsExactlyElementsOf(file.rows);
        assertThat(lines).containsExactlyElementsOf(file.lines);
    }

    /** A record of CSV: a field that needs quotes gets them (its quotes doubled); any other may get them or not. */
    private static String csvRecord(List<String> fields, char delimiter) {
        StringBuilder record = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                record.append(delimiter);
            }
            String value = fields.get(i);
            boolean quote = value.startsWith("~")
                    || value.indexOf(delimiter) >= 0
                    || value.contains("\"")
                    || value.contains("\n")
                    || value.contains("\r");
            if (quote) {
                record.append('"').append(value.replace("\"", "\"\"")).append('"');
            } else {
                record.append(value);
            }
        }
        return record.toString();
    }

    private static String jsonEscaped(String value) {
        return value.replace("\\", "\\\\")
                .replace("\"", "\\\"")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
                .replace("\t", "\\t");
    }

    /** Field values: letters, spaces, every delimiter, quotes, line ends, 2-, 3- and 4-byte UTF-8; "~" asks quotes. */
    @Provide
    Arbitrary<String> value() {
        return Arbitraries.of(
                        "a", "b", " ", "Z", "0", ",", ";", "|", "\t", "\"", "\n", "\r", "\\", "~", "é", "ß", "€", "漢",
                        "😀")
                .list()
                .ofMaxSize(12)
                .map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<List<String>> values() {
        return value().list().ofMaxSize(40);
    }

    /** Rows of one to four fields; the first is a row id, so that no row is blank. */
    @Provide
    Arbitrary<List<List<String>>> csvRows() {
        Arbitrary<List<String>> row = Combinators.combine(
                        Arbitraries.integers().between(0, 9999).map(i -> "r" + i),
                        value().list().ofMaxSize(3))
                .as((id, rest) -> {
                    List<String> fields = new ArrayList<>();
                    fields.add(id);
                    fields.addAll(rest);
                    return fields;
                });
        return row.list().ofMaxSize(40);
    }

    /** Line ends (LF or CRLF) and the blank lines before a row: none, empty, or white space only. */
    @Provide
    Arbitrary<List<Line>> lineEnds() {
        Arbitrary<String> blank = Arbitraries.of("", "", "", "", "\n", "\r\n", "  \n", " \t \r\n", "\n\n");
        return Combinators.combine(Arbitraries.of(false, true), blank)
                .as((crlf, before) -> new Line("", crlf, before))
                .list()
                .ofMinSize(1)
                .ofMaxSize(8);
    }
}
