package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole pipeline on the local cloud: an upload through the presigned URL becomes an S3 "Object Created"
 * event, the template's EventBridge rule starts the state machine, the task functions validate and plan,
 * the worker runs the chunks from the FIFO queue against the sandbox target, and Finish writes the results.
 */
class PipelineIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final LocalCloud cloud = SharedLocalCloud.get();
    private final LocalApi api = new LocalApi(cloud);

    private JsonNode awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    String now = api.call("GET", "/v2/core/batch_jobs/" + id, null)
                            .get("status")
                            .asText();
                    return now.equals(status)
                            || List.of("batch_failed", "validation_failed", "complete", "timeout")
                                    .contains(now);
                });
        JsonNode job = unchecked(() -> api.call("GET", "/v2/core/batch_jobs/" + id, null));
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo(status);
        return job;
    }

    @Test
    void anUploadedFileRunsToCompleteWithOneResultsFile() throws Exception {
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            String customer = i == 7 ? "cus_nobody" : String.format("cus_%04d", i);
            file.append("{\"id\": \"row_")
                    .append(i)
                    .append("\", \"path_params\": {\"id\": \"")
                    .append(customer)
                    .append("\"}, \"params\": {\"metadata\": {\"run\": \"e2e\"}}}\n");
        }
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, "
                        + "\"maximum_rps\": 50}",
                file.toString());

        JsonNode job = awaitStatus(id, "complete");

        JsonNode details = job.get("status_details").get("complete");
        assertThat(details.get("success_count").asText()).isEqualTo("11");
        assertThat(details.get("failure_count").asText()).isEqualTo("1");
        String results =
                LocalApi.download(details.at("/output_file/download_url/url").asText());
        assertThat(results.lines()).hasSize(12);
        assertThat(results).contains("No such customer: 'cus_nobody'").contains("\"status\":404");
        assertThat(details.at("/output_file/size").asText()).isEqualTo(Long.toString(results.getBytes().length));
    }

    @Test
    void aCsvFileRunsWithQuotedFieldsNestedParamsAndTypesReachingTheTarget() throws Exception {
        String file = "\uFEFFid;path_params.id;params.name;params.metadata.tier;params.metadata.note\r\n"
                + "r1;cus_0001;\"Rosen; Jenny\";gold;\"two\r\nlines\"\r\n"
                + "r2;cus_0002;\"Say \"\"hi\"\"\";silver;\r\n"
                + "r3;cus_nobody;Nobody;bronze;x\r\n";
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, "
                        + "\"maximum_rps\": 50, \"input_format\": \"csv\", \"delimiter\": \";\"}",
                file);

        JsonNode job = awaitStatus(id, "complete");

        assertThat(job.get("input_format").asText()).isEqualTo("csv");
        assertThat(job.at("/status_details/complete/success_count").asText()).isEqualTo("2");
        Map<String, JsonNode> results = new HashMap<>();
        for (String line : LocalApi.download(job.at("/status_details/complete/output_file/download_url/url")
                        .asText())
                .lines()
                .toList()) {
            JsonNode result = MAPPER.readTree(line);
            results.put(result.get("id").asText(), result);
        }
        assertThat(results.get("r1").at("/response/name").asText()).isEqualTo("Rosen; Jenny");
        assertThat(results.get("r1").at("/response/metadata/tier").asText()).isEqualTo("gold");
        assertThat(results.get("r1").at("/response/metadata/note").asText()).isEqualTo("two\r\nlines");
        assertThat(results.get("r2").at("/response/name").asText()).isEqualTo("Say \"hi\"");
        assertThat(results.get("r2").at("/response/metadata").has("note")).isFalse();
        assertThat(results.get("r3").get("status").asInt()).isEqualTo(404);
    }

    @Test
    void aCsvFileWithABadRowEndsValidationFailedNamingTheLineAndColumn() throws Exception {
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, "
                        + "\"input_format\": \"csv\"}",
                "id,path_params.id,params.metadata.n:number\nr1,cus_0001,1\nr2,cus_0002,two\n");

        JsonNode job = awaitStatus(id, "validation_failed");

        assertThat(job.at("/status_details/validation_failed/error").asText())
                .isEqualTo("Line 3 (id 'r2'): column 'params.metadata.n:number': expected a number, received 'two'");
    }

    @Test
    void aBadFileEndsValidationFailedAndNothingIsSent() throws Exception {
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}",
                "{\"id\": \"a\", \"path_params\": {\"id\": \"cus_0001\"}}\n{\"id\": \"b\", \"path_params\": {\"customer\": \"cus_0002\"}}\n");

        JsonNode job = awaitStatus(id, "validation_failed");

        assertThat(job.at("/status_details/validation_failed/error").asText()).startsWith("Line 2 (id 'b')");
        assertThat(job.at("/status_details/validation_failed/output_file/download_url/url")
                        .asText())
                .isNotEmpty();
        // This job's requests only (their Idempotency-Key starts with its id): the sandbox is shared with the
        // class's other jobs, which may still be sending.
        assertThat(cloud.sandbox().idempotencyKeys()).noneMatch(key -> key.startsWith(id + ":"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"id\": \"b\", |Line 2|invalid JSON",
                "[1]|Line 2|one JSON object",
                "{\"path_params\": {\"id\": \"c\"}}|Line 2|'id' is missing",
                "{\"id\": \"b c\", \"path_params\": {\"id\": \"c\"}}|Line 2|'id' must be",
                "{\"id\": \"a\", \"path_params\": {\"id\": \"c\"}}|Line 2 (id 'a')|already used on line 1",
                "{\"id\": \"b\", \"path_params\": {\"id\": \"c\"}, \"params\": 5}|Line 2 (id 'b')|'params' must be an object",
                "{\"id\": \"b\", \"path_params\": {\"id\": \"c\"}, \"context\": 5}|Line 2 (id 'b')|'context' must be a string"
            })
    void eachValidationRuleEndsTheJobValidationFailedSayingWhere(String badRow, String where, String what)
            throws Exception {
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}",
                "{\"id\": \"a\", \"path_params\": {\"id\": \"cus_0001\"}}\n" + badRow + "\n");

        JsonNode job = awaitStatus(id, "validation_failed");

        assertThat(job.at("/status_details/validation_failed/error").asText())
                .startsWith(where)
                .contains(what);
    }

    @Test
    void anEmptyFileEndsValidationFailed() throws Exception {
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}", "\n");

        assertThat(awaitStatus(id, "validation_failed")
                        .at("/status_details/validation_failed/error")
                        .asText())
                .contains("no rows");
    }

    @Test
    void aJobCanceledMidRunEndsCanceledWithItsPartialResults() throws Exception {
        // 100 rows at 4 rps: 25 s, so the first checkpoint (at its 15 s cap: fewer than CheckpointLeastRows finished)
        // shows progress well before the end.
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            file.append("{\"id\": \"row_")
                    .append(i)
                    .append("\", \"path_params\": {\"id\": \"")
                    .append(String.format("cus_%04d", 100 + i))
                    .append("\"}}\n");
        }
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, " + "\"maximum_rps\": 4}",
                file.toString());
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonNode job = api.call("GET", "/v2/core/batch_jobs/" + id, null);
                    return job.get("status").asText().equals("in_progress")
                            && job.at("/status_details/in_progress/success_count")
                                            .asLong()
                                    > 0;
                });

        JsonNode cancelling = api.call("POST", "/v2/core/batch_jobs/" + id + "/cancel", null);
        JsonNode job = awaitStatus(id, "canceled");

        assertThat(cancelling.get("status").asText()).isIn("cancelling", "canceled");
        JsonNode details = job.get("status_details").get("canceled");
        long done = details.get("success_count").asLong()
                + details.get("failure_count").asLong();
        assertThat(done).isBetween(1L, 99L);
        String results =
                LocalApi.download(details.at("/output_file/download_url/url").asText());
        assertThat(results.lines().count()).isEqualTo(done);
    }

    @Test
    void withSkipValidationABadRowIsA400ResultAndTheRestRun() throws Exception {
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/subscriptions/:id/migrate\", \"http_method\": \"post\"}, "
                        + "\"skip_validation\": true, \"maximum_rps\": 50}",
                "{\"id\": \"m1\", \"path_params\": {\"id\": \"sub_0001\"}, \"params\": {\"proration_behavior\": \"none\"}}\n"
                        + "{\"id\": \"m2\", \"params\": {}}\n"
                        + "{\"id\": \"m3\", \"path_params\": {\"id\": \"sub_0010\"}}\n");

        JsonNode job = awaitStatus(id, "complete");

        JsonNode details = job.get("status_details").get("complete");
        assertThat(details.get("success_count").asText()).isEqualTo("1");
        assertThat(details.get("failure_count").asText()).isEqualTo("2");
        String results =
                LocalApi.download(details.at("/output_file/download_url/url").asText());
        assertThat(results).contains("\"id\":\"m2\"").contains("path_params").contains("resource_invalid_state");
    }

    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private static <T> T unchecked(ThrowingSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
