package dev.batchjobs.domain.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.InputFormat;
import dev.batchjobs.domain.chunks.ChunkRows;
import dev.batchjobs.domain.target.PendingRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputScannerTest {
    private static final Endpoint CUSTOMER = new Endpoint("/v1/customers/:id", HttpMethod.POST, null);
    private static final Endpoint PROMOTION_CODES = new Endpoint("/v1/promotion_codes", HttpMethod.POST, null);

    private final InputScanner scanner = new InputScanner(new InputScanner.Settings(3, 1 << 20, 2));

    private static String row(String id) {
        return "{\"id\": \"" + id + "\", \"path_params\": {\"id\": \"cus_" + id + "\"}, \"params\": {\"name\": \"x\"}}";
    }

    private ScanResult validate(InputScanner with, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return with.scan(
                InputFormat.JSONL,
                new ByteArrayInputStream(bytes),
                () -> new ByteArrayInputStream(bytes),
                Optional.of(CUSTOMER),
                n -> {});
    }

    private ScanResult validate(String text) {
        return validate(scanner, text);
    }

    @Test
    void aValidFileCountsItsRowsAndReportsProgress() {
        List<Long> progress = new ArrayList<>();
        byte[] bytes = (row("a") + "\n" + row("b") + "\r\n\n   \n" + row("c") + "\n" + row("d") + "\n" + row("e"))
                .getBytes(StandardCharsets.UTF_8);

        ScanResult result = scanner.scan(
                InputFormat.JSONL,
                new ByteArrayInputStream(bytes),
                () -> new ByteArrayInputStream(bytes),
                Optional.of(CUSTOMER),
                progress::add);

        assertThat(result.error()).isEmpty();
        assertThat(result.rows()).isEqualTo(5);
        assertThat(progress).containsExactly(2L, 4L, 5L);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"id\": \"a\", |invalid_json|2|",
                "[1, 2]|not_an_object|2|",
                "{\"path_params\": {\"id\": \"c\"}}|missing_id|2|id",
                "{\"id\": 7, \"path_params\": {\"id\": \"c\"}}|invalid_id|2|id",
                "{\"id\": \"a b\", \"path_params\": {\"id\": \"c\"}}|invalid_id|2|id",
                "{\"id\": \"b\"}|invalid_path_params|2|path_params",
                "{\"id\": \"b\", \"path_params\": {\"customer\": \"c\"}}|invalid_path_params|2|path_params",
                "{\"id\": \"b\", \"path_params\": {\"id\": \"c\", \"x\": \"d\"}}|invalid_path_params|2|path_params",
                "{\"id\": \"b\", \"path_params\": {\"id\": 5}}|invalid_path_params|2|path_params.id",
                "{\"id\": \"b\", \"path_params\": {\"id\": \"c\"}, \"params\": [1]}|invalid_params|2|params",
                "{\"id\": \"b\", \"path_params\": {\"id\": \"c\"}, \"context\": 12}|invalid_context|2|context",
                "{\"id\": \"b\", \"path_params\": {\"id\": \"c\"}, \"extra\": 1}|unknown_field|2|extra"
            })
    void eachRuleStopsAtTheFirstBadLineAndSaysWhatWasWrong(String badRow, String code, long line, String field) {
        ScanResult result = validate(row("a") + "\n" + badRow + "\n" + row("z") + "\n");

        assertThat(result.error()).hasValueSatisfying(error -> {
            assertThat(error.code()).isEqualTo(code);
            assertThat(error.line()).isEqualTo(line);
            assertThat(error.rowIndex()).isEqualTo(1);
            assertThat(error.field()).isEqualTo(field == null || field.isEmpty() ? null : field);
            assertThat(error.describe()).startsWith("Line 2");
        });
        assertThat(result.chunks()).isEmpty();
    }

    @Test
    void anEndpointWithoutPlaceholdersRefusesPathParams() {
        byte[] bytes = "{\"id\": \"a\", \"path_params\": {\"id\": \"x\"}, \"params\": {\"coupon\": \"25OFF\"}}\n"
                .getBytes(StandardCharsets.UTF_8);

        ScanResult result = scanner.scan(
                InputFormat.JSONL,
                new ByteArrayInputStream(bytes),
                () -> new ByteArrayInputStream(bytes),
                Optional.of(PROMOTION_CODES),
                n -> {});

        assertThat(result.error())
                .hasValueSatisfying(e -> assertThat(e.message()).contains("no placeholders"));
    }

    @Test
    void aDuplicateIdNamesBothLines() {
        ScanResult result = validate(row("a") + "\n" + row("b") + "\n\n" + row("a") + "\n");

        assertThat(result.error()).hasValueSatisfying(error -> {
            assertThat(error.code()).isEqualTo("duplicate_id");
            assertThat(error.line()).isEqualTo(4);
            assertThat(error.rowId()).isEqualTo("a");
            assertThat(error.message()).contains("line 1");
        });
    }

    @Test
    void aHashCollisionIsNeverReportedAsADuplicateButARealOneStillIs() {
        AtomicInteger reopened = new AtomicInteger();
        InputScanner colliding =
                new InputScanner(new InputScanner.Settings(3, 1 << 20, 100), (bytes, from, length) -> 42L);
        StringBuilder distinct = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            distinct.append(row("id" + i)).append('\n');
        }
        byte[] bytes = distinct.toString().getBytes(StandardCharsets.UTF_8);

        ScanResult clean = colliding.scan(
                InputFormat.JSONL,
                new ByteArrayInputStream(bytes),
                () -> {
                    reopened.incrementAndGet();
                    return new ByteArrayInputStream(bytes);
                },
                Optional.of(CUSTOMER),
                n -> {});
        ScanResult duplicated = validate(colliding, distinct + row("id17") + "\n");

        assertThat(clean.error()).isEmpty();
        assertThat(clean.rows()).isEqualTo(50);
        assertThat(reopened.get()).isEqualTo(1);
        assertThat(duplicated.error()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo("duplicate_id");
            assertThat(e.message()).contains("line 18");
        });
    }

    @Test
    void invalidUtf8AnEmptyFileAndAnOverlongLineAreRefused() {
        byte[] badUtf8 = (row("a") + "\n{\"id\": \"b\", \"params\": {\"n\": \"").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(badUtf8);
        file.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        file.writeBytes("\"}}\n".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = file.toByteArray();
        ScanResult utf8 = scanner.scan(
                InputFormat.JSONL,
                new ByteArrayInputStream(bytes),
                () -> new ByteArrayInputStream(bytes),
                Optional.of(CUSTOMER),
                n -> {});

        assertThat(utf8.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo("invalid_utf8"));
        assertThat(validate("").error())
                .hasValueSatisfying(e -> assertThat(e.code()).isEqualTo("empty_file"));
        assertThat(validate("\n \n").error())
                .hasValueSatisfying(e -> assertThat(e.code()).isEqualTo("empty_file"));

        String padding = "x".repeat(RecordReader.MAX_RECORD_BYTES);
        String longRow = "{\"id\": \"b\", \"path_params\": {\"id\": \"c\"}, \"params\": {\"p\": \"" + padding + "\"}}";
        assertThat(validate(row("a") + "\n" + longRow + "\n").error())
                .hasValueSatisfying(e -> assertThat(e.code()).isEqualTo("line_too_long"));
    }

    @Test
    void aRowOfExactlyOneMebibyteIsAllowedEvenWithACarriageReturn() {
        String start = "{\"id\": \"b\", \"path_params\": {\"id\": \"c\"}, \"params\": {\"p\": \"";
        String end = "\"}}";
        String exact = start + "y".repeat(RecordReader.MAX_RECORD_BYTES - start.length() - end.length()) + end;

        assertThat(exact.length()).isEqualTo(RecordReader.MAX_RECORD_BYTES);
        assertThat(validate(exact + "\r\n").error()).isEmpty();
    }

    @Test
    void aByteOrderMarkIsSkippedAndTheFirstChunkStartsAfterIt() {
        ScanResult result = validate("\uFEFF" + row("a") + "\n");

        assertThat(result.error()).isEmpty();
        assertThat(result.chunks())
                .singleElement()
                .satisfies(c -> assertThat(c.startOffset()).isEqualTo(3));
    }

    @Test
    void chunksTileTheFileExactlyWithinTheirLimitsAndTheWorkerReadsBackEveryRowOnce() {
        Random random = new Random(11);
        for (int trial = 0; trial < 30; trial++) {
            StringBuilder text = new StringBuilder();
            int rows = random.nextInt(40);
            for (int i = 0; i < rows; i++) {
                if (random.nextInt(5) == 0) {
                    text.append(random.nextBoolean() ? "\n" : "  \r\n");
                }
                text.append(row("r" + i + "_" + "p".repeat(random.nextInt(60))))
                        .append(random.nextBoolean() ? "\n" : "\r\n");
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            InputScanner small =
                    new InputScanner(new InputScanner.Settings(1 + random.nextInt(6), 150 + random.nextInt(400), 1000));

            ScanResult plan = small.scan(
                    InputFormat.JSONL,
                    new ByteArrayInputStream(bytes),
                    () -> new ByteArrayInputStream(bytes),
                    Optional.empty(),
                    n -> {});

            assertThat(plan.rows()).isEqualTo(rows);
            long expectedStart = 0;
            long expectedRow = 0;
            List<String> readBack = new ArrayList<>();
            for (ChunkRange chunk : plan.chunks()) {
                assertThat(chunk.startOffset()).isEqualTo(expectedStart);
                assertThat(chunk.firstRow()).isEqualTo(expectedRow);
                assertThat(chunk.rowCount()).isBetween(1, 6);
                ChunkRows reader = new ChunkRows(
                        RecordReader.open(
                                InputFormat.JSONL,
                                new ByteArrayInputStream(
                                        Arrays.copyOfRange(bytes, (int) chunk.startOffset(), (int) chunk.endOffset()))),
                        RowDecoder.of(InputFormat.JSONL, CUSTOMER),
                        CUSTOMER,
                        chunk.firstRow(),
                        r -> false);
                long index = chunk.firstRow();
                while (reader.hasNext()) {
                    PendingRow pending = reader.next();
                    assertThat(pending.rowIndex()).isEqualTo(index++);
                    readBack.add(pending.rowId());
                }
                assertThat(index - chunk.firstRow()).isEqualTo(chunk.rowCount());
                expectedStart = chunk.endOffset();
                expectedRow += chunk.rowCount();
            }
            assertThat(expectedStart).isEqualTo(rows == 0 ? 0 : bytes.length);
            assertThat(readBack).hasSize(rows).doesNotHaveDuplicates();
        }
    }

    @Test
    void skipValidationPlansEvenRowsThatBreakTheRules() {
        byte[] bytes = ("not json\n" + row("a") + "\n" + row("a") + "\n").getBytes(StandardCharsets.UTF_8);

        ScanResult plan = scanner.scan(
                InputFormat.JSONL,
                new ByteArrayInputStream(bytes),
                () -> new ByteArrayInputStream(bytes),
                Optional.empty(),
                n -> {});

        assertThat(plan.error()).isEmpty();
        assertThat(plan.rows()).isEqualTo(3);
    }

    /** Jackson's read limits throw without a location; such a row is a bad line, never an internal error. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"nesting|nesting depth", "number|number"})
    void aRowPastTheParsersLimitsIsAnInvalidLineSayingWhichLimit(String what, String described) {
        String tooMuch = what.equals("nesting")
                ? "{\"id\": \"b\", \"params\": " + "[".repeat(1200) + "]".repeat(1200) + "}"
                : "{\"id\": \"b\", \"params\": {\"n\": " + "9".repeat(1500) + "}}";

        ScanResult result = validate(row("a") + "\n" + tooMuch + "\n" + row("z") + "\n");

        assertThat(result.error()).hasValueSatisfying(error -> {
            assertThat(error.code()).isEqualTo("invalid_json");
            assertThat(error.line()).isEqualTo(2);
            assertThat(error.describe())
                    .startsWith("Line 2")
                    .containsIgnoringCase(described)
                    .contains("maximum");
        });
    }

    @Test
    void withSkipValidationARowPastTheParsersLimitsIsAFailedRowWithItsReason() {
        String deep = "{\"id\": \"b\", \"params\": " + "[".repeat(1200) + "]".repeat(1200) + "}";
        byte[] bytes = deep.getBytes(StandardCharsets.UTF_8);

        RowDecoder.Decoded decoded =
                RowDecoder.jsonl().decode(new InputRecord(bytes, 0, bytes.length, 1, false, false));

        assertThat(decoded.ok()).isFalse();
        assertThat(decoded.problem().code()).isEqualTo("invalid_json");
        assertThat(decoded.problem().message())
                .containsIgnoringCase("nesting depth")
                .contains("maximum");
    }

    @Test
    void withSkipValidationEachLaterRowOfAnIdIsMarkedWithTheLineOfTheFirstEvenWhenHashesCollide() {
        InputScanner colliding =
                new InputScanner(new InputScanner.Settings(3, 1 << 20, 100), (bytes, from, length) -> 42L);
        // Line 1 breaks the rules (no path_params): it is refused, so it claims nothing and line 3 is the first "a".
        String text = "{\"id\": \"a\"}\n" + row("b") + "\n" + row("a") + "\n\n" + row("c") + "\n" + row("a") + "\n"
                + row("b") + "\n" + "not json\n" + row("c") + "\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        ScanResult plan = colliding.planMarkingDuplicates(
                InputFormat.JSONL, new ByteArrayInputStream(bytes), () -> new ByteArrayInputStream(bytes), CUSTOMER);

        assertThat(plan.error()).isEmpty();
        assertThat(plan.rows()).isEqualTo(8);
        assertThat(plan.chunks()).hasSize(3);
        assertThat(plan.chunks().get(0).duplicates()).isEmpty();
        // Rows 3-5: "c" (line 5), "a" (line 6, first on line 3), "b" (line 7, first on line 2).
        assertThat(plan.chunks().get(1).duplicates()).containsOnly(Map.entry(4L, 3L), Map.entry(5L, 2L));
        // Rows 6-7: "not json" (refused anyway), "c" (line 9, first on line 5).
        assertThat(plan.chunks().get(2).duplicates()).containsOnly(Map.entry(7L, 5L));
    }

    @Test
    void withSkipValidationACsvRowOfAnIdAlreadyUsedIsMarked() {
        byte[] bytes = "id,path_params.id\nr1,cus_1\nr2,cus_2\nr1,cus_3\n".getBytes(StandardCharsets.UTF_8);

        ScanResult plan = scanner.planMarkingDuplicates(
                InputFormat.csv(','), new ByteArrayInputStream(bytes), () -> new ByteArrayInputStream(bytes), CUSTOMER);

        assertThat(plan.chunks())
                .singleElement()
                .satisfies(c -> assertThat(c.duplicates()).containsOnly(Map.entry(2L, 2L)));
    }
}
