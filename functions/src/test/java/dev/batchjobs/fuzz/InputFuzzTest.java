package dev.batchjobs.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.InputFormat;
import dev.batchjobs.domain.chunks.ChunkRows;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.input.InputScanner;
import dev.batchjobs.domain.input.RecordReader;
import dev.batchjobs.domain.input.RowDecoder;
import dev.batchjobs.domain.input.ScanResult;
import dev.batchjobs.domain.target.PendingRow;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the JSONL and CSV row readers, as the planner and the workers use them: whatever the
 * bytes, validation never throws; a file it passes is cut into chunks that tile it, and the workers read back exactly
 * the planned rows, none refused; with {@code skip_validation} the plan tiles the file too, and no two rows that a
 * worker would send carry one id (so no idempotency key is used twice).
 *
 * <p>In {@code mvn verify} this runs the seed corpus ({@code src/test/resources/dev/batchjobs/fuzz/InputFuzzTestInputs})
 * and the crashes kept there; {@code JAZZER_FUZZ=1} fuzzes (see docs/reliability/bad-input.md).
 */
class InputFuzzTest {
    private static final Endpoint CUSTOMERS = new Endpoint("/v1/customers/:id", HttpMethod.POST, null);
    private static final InputScanner SCANNER = new InputScanner(new InputScanner.Settings(3, 256, 1000));

    @FuzzTest(maxDuration = "60s")
    void jsonlRows(byte[] input) {
        check(InputFormat.JSONL, input);
    }

    @FuzzTest(maxDuration = "60s")
    void csvRows(byte[] input) {
        check(InputFormat.csv(','), input);
    }

    private static void check(InputFormat format, byte[] input) {
        ScanResult validated = SCANNER.scan(
                format,
                new ByteArrayInputStream(input),
                () -> new ByteArrayInputStream(input),
                Optional.of(CUSTOMERS),
                n -> {});
        if (validated.error().isEmpty()) {
            List<PendingRow> rows = readBack(format, input, validated);
            assertThat(rows)
                    .hasSize((int) validated.rows())
                    .allSatisfy(r -> assertThat(r.problem()).isEmpty());
        } else {
            assertThat(validated.error().get().line()).isPositive();
            assertThat(validated.error().get().describe()).isNotBlank();
        }

        ScanResult planned = SCANNER.planMarkingDuplicates(
                format, new ByteArrayInputStream(input), () -> new ByteArrayInputStream(input), CUSTOMERS);
        List<PendingRow> rows = readBack(format, input, planned);
        assertThat(rows).hasSize((int) planned.rows());
        Set<String> sent = new HashSet<>();
        for (PendingRow row : rows) {
            if (row.problem().isEmpty()) {
                assertThat(sent.add(row.rowId()))
                        .as("id %s sent twice", row.rowId())
                        .isTrue();
            } else {
                assertThat(row.problem().get()).isNotBlank();
            }
        }
        if (validated.error().isEmpty()) {
            assertThat(sent).hasSize((int) validated.rows());
        }
    }

    /** Every chunk's rows, read from its byte range as a worker reads them; the ranges must tile the file. */
    private static List<PendingRow> readBack(InputFormat format, byte[] input, ScanResult plan) {
        InputFormat withHeader = format.withHeader(plan.header());
        List<PendingRow> rows = new ArrayList<>();
        long expectedRow = 0;
        long previousEnd = -1;
        for (ChunkRange range : plan.chunks()) {
            assertThat(range.firstRow()).isEqualTo(expectedRow);
            if (previousEnd >= 0) {
                assertThat(range.startOffset()).isEqualTo(previousEnd);
            }
            assertThat(range.endOffset()).isLessThanOrEqualTo(input.length);
            ChunkRows chunk = new ChunkRows(
                    RecordReader.open(
                            withHeader,
                            new ByteArrayInputStream(
                                    Arrays.copyOfRange(input, (int) range.startOffset(), (int) range.endOffset())),
                            range.firstLine()),
                    RowDecoder.of(withHeader, CUSTOMERS),
                    CUSTOMERS,
                    range.firstRow(),
                    i -> false,
                    range.duplicates());
            int count = 0;
            while (chunk.hasNext()) {
                rows.add(chunk.next());
                count++;
            }
            assertThat(count).isEqualTo(range.rowCount());
            expectedRow += range.rowCount();
            previousEnd = range.endOffset();
        }
        if (previousEnd >= 0) {
            assertThat(previousEnd).isEqualTo(input.length);
        }
        assertThat(expectedRow).isEqualTo(plan.rows());
        return rows;
    }
}
