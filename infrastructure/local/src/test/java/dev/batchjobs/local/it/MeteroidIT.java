package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import dev.batchjobs.api.MeteroidSchemas;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Meteroid surface on the local cloud: a job that ran with failing rows is listed with its mapped status
 * and counts, and its failures (written by the real worker with its checkpoints) page by offset and chunk;
 * every response is checked against Meteroid's OpenAPI schemas.
 */
class MeteroidIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final LocalCloud cloud = SharedLocalCloud.get();
    private final LocalApi api = new LocalApi(
            cloud,
            cloud.issueApiKey("acct_meteroid_" + UUID.randomUUID().toString().substring(0, 8)));

    private JsonNode get(String path, Schema schema) throws Exception {
        HttpResponse<String> response = api.send("GET", path, null);
        assertThat(MeteroidSchemas.violations(schema, response.body()))
                .as(response.body())
                .isEmpty();
        return MAPPER.readTree(response.body());
    }

    @Test
    void aJobWithFailedRowsIsListedAndItsFailuresPage() throws Exception {
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= 6; i++) {
            String customer = i % 3 == 0 ? "cus_nobody" + i : String.format("cus_%04d", i);
            file.append("{\"id\": \"row_")
                    .append(i)
                    .append("\", \"path_params\": {\"id\": \"")
                    .append(customer)
                    .append("\"}}\n");
        }
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, "
                        + "\"maximum_rps\": 50}",
                file.toString());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.job(id).get("status").asText().equals("complete"));

        JsonNode listed = get(
                "/api/v1/batch-jobs?job_type=CUSTOMER_CSV_IMPORT&status=COMPLETED_WITH_ERRORS&status=COMPLETED",
                MeteroidSchemas.LIST_RESPONSE);
        assertThat(listed.at("/pagination_meta/total_items").asLong()).isEqualTo(1);
        JsonNode job = listed.get("data").get(0);
        assertThat(job.get("id").asText()).isEqualTo(id);
        assertThat(job.get("status").asText()).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(job.get("processed_items").asInt()).isEqualTo(6);
        assertThat(job.get("failed_items").asInt()).isEqualTo(2);
        assertThat(job.get("total_items").asInt()).isEqualTo(6);

        JsonNode failures = get("/api/v1/batch-jobs/" + id + "/failures", MeteroidSchemas.FAILURES_RESPONSE);
        assertThat(failures.get("total_count").asLong()).isEqualTo(2);
        assertThat(failures.get("data").findValuesAsText("item_identifier"))
                .containsExactlyInAnyOrder("row_3", "row_6");
        assertThat(failures.get("data"))
                .allSatisfy(f -> assertThat(f.get("reason").asText()).startsWith("HTTP 404"));
        JsonNode second =
                get("/api/v1/batch-jobs/" + id + "/failures?offset=1&limit=5", MeteroidSchemas.FAILURES_RESPONSE);
        assertThat(second.get("data")).hasSize(1);
        assertThat(second.at("/data/0/id").asText())
                .isEqualTo(failures.at("/data/1/id").asText());
        String chunk = failures.at("/data/0/chunk_id").asText();
        JsonNode inChunk =
                get("/api/v1/batch-jobs/" + id + "/failures?chunk_id=" + chunk, MeteroidSchemas.FAILURES_RESPONSE);
        assertThat(inChunk.get("data")).isNotEmpty();
        JsonNode v2 = api.call("GET", "/v2/core/batch_jobs/" + id + "/failures", null);
        assertThat(v2.get("data")).hasSize(2);
        assertThat(get("/api/v1/batch-jobs/batchv2_nosuchjob/failures", MeteroidSchemas.FAILURES_ERROR)
                        .get("code")
                        .asText())
                .isEqualTo("NOT_FOUND");
    }
}
