package dev.batchjobs.domain.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.InputFormat;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The common JSONL row is validated where it lies in the read buffer (RecordReader.nextInPlace), the rest as records:
 * over a file of several buffers, rows cut by a buffer's end, CRLF and blank lines, the two ways together still count
 * the rows, plan chunks on row boundaries with the right lines, and find the first problem on the right line.
 */
class InPlaceRowsTest {
    private static final Endpoint CUSTOMER = new Endpoint("/v1/customers/:id", HttpMethod.POST, null);
    private static final int ROWS = 6000;

    private static String row(int i, String id) {
        return "{\"id\": \"" + id + "\", \"path_params\": {\"id\": \"cus_" + i + "\"}, \"params\": {\"pad\": \""
                + "x".repeat(i % 37) + "\"}}";
    }

    /** Rows of many lengths (so some straddle the 256 KiB buffer's end), every third with CRLF, a blank line at 2000. */
    private static List<String> lines(int duplicateAt, int badAt) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            if (i == 2000) {
                lines.add("  ");
            }
            String id = i == duplicateAt ? "r_17" : "r_" + i;
            lines.add(i == badAt ? "{\"id\": \"bad id\", \"path_params\": {\"id\": \"c\"}}" : row(i, id));
        }
        return lines;
    }

    private static byte[] file(List<String> lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            text.append(lines.get(i)).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ScanResult validate(byte[] bytes) {
        return new InputScanner(new InputScanner.Settings(7, 1 << 20, 1000))
                .scan(
                        InputFormat.JSONL,
                        new ByteArrayInputStream(bytes),
                        () -> new ByteArrayInputStream(bytes),
                        Optional.of(CUSTOMER),
                        n -> {});
    }

    @Test
    void chunksOverSeveralBuffersFallOnRowBoundariesWithTheirLines() {
        byte[] bytes = file(lines(-1, -1));
        assertThat(bytes.length).isGreaterThan(2 * 256 * 1024);

        ScanResult result = validate(bytes);

        assertThat(result.error()).isEmpty();
        assertThat(result.rows()).isEqualTo(ROWS);
        long expectedStart = 0;
        long rows = 0;
        for (ChunkRange chunk : result.chunks()) {
            assertThat(chunk.startOffset()).isEqualTo(expectedStart);
            assertThat(chunk.firstRow()).isEqualTo(rows);
            assertThat(lineAt(bytes, chunk.startOffset())).isEqualTo(chunk.firstLine());
            String first = firstLine(bytes, chunk.startOffset());
            assertThat(first.isBlank() || first.contains("\"r_" + chunk.firstRow() + "\""))
                    .as(first)
                    .isTrue();
            expectedStart = chunk.endOffset();
            rows += chunk.rowCount();
        }
        assertThat(expectedStart).isEqualTo(bytes.length);
        assertThat(rows).isEqualTo(ROWS);
    }

    @Test
    void aDuplicateInALaterBufferIsFoundOnItsLine() {
        ScanResult result = validate(file(lines(5500, -1)));

        assertThat(result.error()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo("duplicate_id");
            assertThat(e.rowIndex()).isEqualTo(5500);
            assertThat(e.line()).isEqualTo(5502); // one blank line before it
            assertThat(e.message()).contains("line 18");
        });
    }

    @Test
    void aBadRowInALaterBufferIsReportedByTheDecodersRules() {
        ScanResult result = validate(file(lines(-1, 4321)));

        assertThat(result.error()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo("invalid_id");
            assertThat(e.rowIndex()).isEqualTo(4321);
            assertThat(e.line()).isEqualTo(4323);
        });
    }

    private static long lineAt(byte[] bytes, long offset) {
        long line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String firstLine(byte[] bytes, long offset) {
        int end = (int) offset;
        while (end < bytes.length && bytes[end] != '\n') {
            end++;
        }
        return new String(bytes, (int) offset, end - (int) offset, StandardCharsets.UTF_8);
    }
}
