package dev.batchjobs.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.InputFormat;
import dev.batchjobs.domain.chunks.ChunkRows;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.input.InputError;
import dev.batchjobs.domain.input.InputScanner;
import dev.batchjobs.domain.input.RecordReader;
import dev.batchjobs.domain.input.RowDecoder;
import dev.batchjobs.domain.input.ScanResult;
import dev.batchjobs.domain.target.PendingRow;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad file of the corpus ({@code corpus/files.tsv}) through the real record readers, row decoders and row
 * rules: with validation, the terminal status it gets ({@code validation_failed}, or {@code complete} for the
 * quirks that are accepted) and the exact error the job reports (code, line, field, message); with
 * {@code skip_validation} ({@code mode = skip}), the first row a worker refuses instead of sending, and why.
 */
class FileCorpusTest {
    private static final Endpoint CUSTOMERS = new Endpoint("/v1/customers/:id", HttpMethod.POST, null);
    private static final Endpoint PROMOTION_CODES = new Endpoint("/v1/promotion_codes", HttpMethod.POST, null);
    private static final List<String> RECORDED = new ArrayList<>();

    private final InputScanner scanner = new InputScanner(new InputScanner.Settings(10, 1 << 20, 1000));

    static Stream<String[]> cases() {
        return Corpus.table("files.tsv", 8).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBadFileGetsItsExactStatusAndError(
            String file,
            String endpoint,
            String mode,
            String status,
            String code,
            String line,
            String field,
            String message) {
        byte[] bytes = Corpus.file(file);
        InputFormat format = file.endsWith(".csv") ? InputFormat.csv(',') : InputFormat.JSONL;
        Endpoint target = endpoint.equals("promotion_codes") ? PROMOTION_CODES : CUSTOMERS;

        String[] actual = mode.equals("skip") ? refused(format, bytes, target) : validated(format, bytes, target);

        if (Corpus.recording()) {
            RECORDED.add(file + "\t" + endpoint + "\t" + mode + "\t" + String.join("\t", actual));
            return;
        }
        assertThat(actual).as(file).containsExactly(status, code, line, field, message);
    }

    @Test
    void theCorpusHasAtLeastSixtyFilesAndEveryFileHasItsCase() {
        List<String> named = cases().map(c -> c[0]).toList();
        assertThat(named).hasSizeGreaterThanOrEqualTo(60).doesNotHaveDuplicates();
        assertThat(cases().filter(c -> !c[3].equals("complete") || c[2].equals("skip")))
                .as("bad files, each with an error")
                .hasSizeGreaterThanOrEqualTo(60);
    }

    @AfterAll
    static void writeWhatWasRecorded() {
        if (Corpus.recording()) {
            Corpus.record("files.tsv", RECORDED);
        }
    }

    private String[] validated(InputFormat format, byte[] bytes, Endpoint endpoint) {
        ScanResult scan = scanner.scan(
                format,
                new ByteArrayInputStream(bytes),
                () -> new ByteArrayInputStream(bytes),
                Optional.of(endpoint),
                n -> {});
        if (scan.error().isEmpty()) {
            return new String[] {"complete", "-", "-", "-", scan.rows() + " rows"};
        }
        InputError error = scan.error().get();
        return new String[] {
            "validation_failed", error.code(), Long.toString(error.line()), dash(error.field()), error.describe()
        };
    }

    /** With skip_validation: planned (duplicates marked), then each chunk read as a worker reads it. */
    private String[] refused(InputFormat format, byte[] bytes, Endpoint endpoint) {
        ScanResult plan = scanner.planMarkingDuplicates(
                format, new ByteArrayInputStream(bytes), () -> new ByteArrayInputStream(bytes), endpoint);
        InputFormat withHeader = format.withHeader(plan.header());
        for (ChunkRange range : plan.chunks()) {
            ChunkRows rows = new ChunkRows(
                    RecordReader.open(
                            withHeader,
                            new ByteArrayInputStream(
                                    Arrays.copyOfRange(bytes, (int) range.startOffset(), (int) range.endOffset())),
                            range.firstLine()),
                    RowDecoder.of(withHeader, endpoint),
                    endpoint,
                    range.firstRow(),
                    i -> false,
                    range.duplicates());
            while (rows.hasNext()) {
                PendingRow row = rows.next();
                if (row.problem().isPresent()) {
                    return new String[] {
                        "complete",
                        row.code(),
                        "row " + (row.rowIndex() + 1),
                        dash(row.rowId()),
                        row.problem().get()
                    };
                }
            }
        }
        return new String[] {"complete", "-", "-", "-", plan.rows() + " rows, none refused"};
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }
}
