package dev.batchjobs.domain.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.InputFormat;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Duplicate ids are claimed a batch of rows at a time (SeenIds.claimInBatch): the first problem is still the one
 * reported, whether the duplicate waits in a batch when a later row fails, or sits among the file's last rows.
 */
class DuplicateBatchTest {
    private static final Endpoint CUSTOMER = new Endpoint("/v1/customers/:id", HttpMethod.POST, null);

    private static String row(String id) {
        return "{\"id\": \"" + id + "\", \"path_params\": {\"id\": \"cus\"}}\n";
    }

    private static ScanResult validate(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new InputScanner(InputScanner.Settings.DEFAULT)
                .scan(
                        InputFormat.JSONL,
                        new ByteArrayInputStream(bytes),
                        () -> new ByteArrayInputStream(bytes),
                        Optional.of(CUSTOMER),
                        n -> {});
    }

    @Test
    void givenTheInputsSizeTheTableIsSizedAfterTheFirstRowsAndStillFindsADuplicateOnEitherSide() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            text.append(row("r" + i));
        }
        for (String repeated : new String[] {"r5", "r9999"}) {
            byte[] bytes = (text + row(repeated)).getBytes(StandardCharsets.UTF_8);
            ScanResult result = new InputScanner(InputScanner.Settings.DEFAULT)
                    .scan(
                            InputFormat.JSONL,
                            new ByteArrayInputStream(bytes),
                            () -> new ByteArrayInputStream(bytes),
                            Optional.of(CUSTOMER),
                            n -> {},
                            bytes.length);

            assertThat(result.error()).hasValueSatisfying(e -> {
                assertThat(e.code()).isEqualTo("duplicate_id");
                assertThat(e.line()).isEqualTo(10_001);
                assertThat(e.rowId()).isEqualTo(repeated);
            });
        }
    }

    @Test
    void aDuplicateWaitingInItsBatchIsReportedBeforeALaterRowsOtherProblem() {
        ScanResult result = validate(row("a") + row("b") + row("a") + row("c") + "{\"id\": \"bad id\"}\n");

        assertThat(result.rows()).isEqualTo(3);
        assertThat(result.error()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo("duplicate_id");
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.rowIndex()).isEqualTo(2);
            assertThat(e.rowId()).isEqualTo("a");
            assertThat(e.message()).contains("line 1");
        });
    }

    @Test
    void aDuplicateAmongTheLastRowsIsFoundAtTheEndOfTheFile() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 130; i++) {
            text.append(row("r" + i));
        }
        ScanResult result = validate(text + row("r7"));

        assertThat(result.error()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo("duplicate_id");
            assertThat(e.line()).isEqualTo(131);
            assertThat(e.rowIndex()).isEqualTo(130);
            assertThat(e.message()).contains("line 8");
        });
        assertThat(result.rows()).isEqualTo(131);
    }

    @Test
    void aDuplicateFoundWhenItsBatchFillsIsTheFirstOfTheBatch() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append(row(i == 70 || i == 90 ? "r3" : "r" + i));
        }
        ScanResult result = validate(text.toString());

        assertThat(result.error()).hasValueSatisfying(e -> {
            assertThat(e.rowIndex()).isEqualTo(70);
            assertThat(e.line()).isEqualTo(71);
            assertThat(e.message()).contains("line 4");
        });
    }
}
