package dev.batchjobs.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CLI without a server: reading JSON from stdin, exit codes, one-line errors. */
class BatchJobsCliTest {
    record Run(int exit, String out, String err) {}

    private static Run cli(String stdin, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BatchJobsCli.execute(
                args,
                env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final String JOB = """
            {"id": "batchv2_x", "status": "ready_for_upload",
             "status_details": {"ready_for_upload": {"upload_url": {"url": "http://s3/put?sig", "expires_at": "t"}}}}""";

    @Test
    void fieldPrintsOneValueOfTheJsonOnStdinByDottedPathOrPointer() {
        assertThat(cli(JOB, Map.of(), "field", "id").out()).isEqualTo("batchv2_x\n");
        assertThat(cli(JOB, Map.of(), "field", "status_details.ready_for_upload.upload_url.url")
                        .out())
                .isEqualTo("http://s3/put?sig\n");
        assertThat(cli(JOB, Map.of(), "field", "/status_details/ready_for_upload/upload_url")
                        .out())
                .contains("\"url\":\"http://s3/put?sig\"");
    }

    @Test
    void fieldSaysWhatIsWrongInOneLine() {
        Run missing = cli(JOB, Map.of(), "field", "nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("batchjobs: no field nope in the JSON on the standard input\n");

        Run error = cli(
                "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"api_key_invalid\", \"message\": \"Bad\"}}",
                Map.of(),
                "field",
                "id");
        assertThat(error.exit()).isEqualTo(1);
        assertThat(error.err())
                .isEqualTo("batchjobs: the JSON on the standard input is an error: api_key_invalid: Bad\n");

        assertThat(cli("not json", Map.of(), "field", "id").err())
                .isEqualTo("batchjobs: the standard input is not JSON\n");
    }

    @Test
    void aCommandThatNeedsTheApiSaysWhichSettingIsMissing() {
        Run run = cli("", Map.of(), "list");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("BATCHJOBS_API_KEY").doesNotContain("Exception");

        Run badUrl = cli("", Map.of("BATCHJOBS_API_KEY", "sk_test_x", "BATCHJOBS_API_URL", "ftp://x"), "list");
        assertThat(badUrl.err()).isEqualTo("batchjobs: not an http(s) URL: ftp://x\n");
    }

    @Test
    void aWrongCommandLineIsExitTwoInOneLine() {
        Run run = cli("", Map.of(), "run", "--file", "x.jsonl");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("--endpoint");
    }

    @ParameterizedTest
    @CsvSource({
        "complete, 5, 0, 0",
        "complete, 4, 1, 3",
        "complete, 0, 5, 3",
        "validation_failed, 0, 0, 4",
        "batch_failed, 0, 0, 4",
        "canceled, 2, 0, 4",
        "timeout, 2, 1, 4",
        "upload_timeout, 0, 0, 4"
    })
    void theExitCodeSaysHowTheJobEnded(String status, long succeeded, long failed, int exit) {
        JobView job = new JobView(ApiClient.mapper()
                .createObjectNode()
                .put("id", "batchv2_x")
                .put("status", status)
                .set(
                        "status_details",
                        ApiClient.mapper()
                                .createObjectNode()
                                .set(
                                        status,
                                        ApiClient.mapper()
                                                .createObjectNode()
                                                .put("success_count", Long.toString(succeeded))
                                                .put("failure_count", Long.toString(failed)))));

        assertThat(Outcome.of(job)).isEqualTo(exit);
    }
}
