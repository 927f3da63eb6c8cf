package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The error file's round trip on the local cloud: a job ends with failed rows, its error file holds exactly those
 * rows in the input's format with their errors, the client fixes them and uploads the file as it is to a new job,
 * and every row succeeds.
 */
class ErrorFileIT {
    private final LocalCloud cloud = SharedLocalCloud.get();
    private final LocalApi api = new LocalApi(
            cloud,
            cloud.issueApiKey("acct_errors_" + UUID.randomUUID().toString().substring(0, 8)));

    private JsonNode awaitEnded(String id) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> api.job(id).get("status").asText().equals("complete"));
        return unchecked(id);
    }

    private JsonNode unchecked(String id) {
        try {
            return api.job(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Nine rows in {@code format}, every third naming a customer the sandbox does not have (404, final). */
    private static String nineRows(String format) {
        StringBuilder file = new StringBuilder(
                format.equals("csv") ? "id,path_params.id,params.name,params.metadata.batch\r\n" : "");
        for (int i = 1; i <= 9; i++) {
            String customer = i % 3 == 0 ? "cus_missing" + i : String.format("cus_%04d", i);
            String name = "Customer, number " + i;
            file.append(
                    format.equals("csv")
                            ? "row_" + i + "," + customer + ",\"" + name + "\",nov\r\n"
                            : "{\"id\": \"row_" + i + "\", \"path_params\": {\"id\": \"" + customer
                                    + "\"}, \"params\": {\"name\": \"" + name
                                    + "\", \"metadata\": {\"batch\": \"nov\"}}}\n");
        }
        return file.toString();
    }

    private static String createIn(String format) {
        return "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 50, "
                + "\"input_format\": \"" + format + "\"}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "jsonl"})
    void failedRowsComeBackReadyToFixAndUploadAgain(String format) throws Exception {
        String create = createIn(format);

        JsonNode first = awaitEnded(api.createAndUpload(create, nineRows(format)));

        JsonNode details = first.at("/status_details/complete");
        assertThat(details.get("failure_count").asText()).isEqualTo("3");
        assertThat(details.at("/error_file/content_type").asText())
                .isEqualTo(format.equals("csv") ? "text/csv" : "application/jsonlines");
        String errors =
                LocalApi.download(details.at("/error_file/download_url/url").asText());
        assertThat(errors.lines().filter(l -> l.contains("No such customer"))).hasSize(3);
        assertThat(errors)
                .contains("row_3")
                .contains("row_6")
                .contains("row_9")
                .doesNotContain("row_1")
                .contains("Customer, number 6");
        if (format.equals("csv")) {
            assertThat(errors.lines().findFirst().orElseThrow())
                    .isEqualTo("\"id\",\"path_params.id\",\"params.name\",\"params.metadata.batch\",\"_error\"");
        }
        JsonNode listed =
                api.call("GET", "/api/v1/batch-jobs", null).get("data").get(0);
        assertThat(listed.get("status").asText()).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(LocalApi.download(listed.get("error_file_url").asText())).isEqualTo(errors);

        String fixed = errors.replace("cus_missing3", "cus_0003")
                .replace("cus_missing6", "cus_0006")
                .replace("cus_missing9", "cus_0009");
        JsonNode second = awaitEnded(api.createAndUpload(create, fixed));

        assertThat(second.at("/status_details/complete/success_count").asText()).isEqualTo("3");
        assertThat(second.at("/status_details/complete/failure_count").asText()).isEqualTo("0");
        assertThat(second.at("/status_details/complete").has("error_file")).isFalse();
        String results = LocalApi.download(second.at("/status_details/complete/output_file/download_url/url")
                .asText());
        assertThat(results).contains("\"name\":\"Customer, number 9\"").contains("\"batch\":\"nov\"");
    }

    /**
     * A retry of either format runs exactly the failed rows again, from an input written in the parent's format (a
     * CSV retry keeps the header and the quoted commas), under the parent's idempotency keys.
     */
    @ParameterizedTest
    @ValueSource(strings = {"csv", "jsonl"})
    void aRetryOfEitherFormatRunsItsFailedRowsFromAFileInThatFormat(String format) throws Exception {
        String parent = api.createAndUpload(createIn(format), nineRows(format));
        awaitEnded(parent);
        int before = cloud.sandbox().idempotencyKeys().size();

        JsonNode retry = api.call("POST", "/v2/core/batch_jobs/" + parent + "/retry", "{\"only\": \"all\"}");
        assertThat(retry.get("retry_of").asText()).as(retry.toString()).isEqualTo(parent);
        JsonNode ended = awaitEnded(retry.get("id").asText());

        assertThat(ended.at("/status_details/complete/total_count").asText()).isEqualTo("3");
        assertThat(ended.at("/status_details/complete/failure_count").asText()).isEqualTo("3");
        List<String> keys = cloud.sandbox().idempotencyKeys();
        assertThat(keys.subList(before, keys.size()).stream().filter(k -> k.startsWith(parent + ":")))
                .containsExactlyInAnyOrder(parent + ":row_3", parent + ":row_6", parent + ":row_9");
        String errors = LocalApi.download(
                ended.at("/status_details/complete/error_file/download_url/url").asText());
        assertThat(errors)
                .contains("Customer, number 3")
                .contains("Customer, number 9")
                .doesNotContain("row_1");
        if (format.equals("csv")) {
            assertThat(errors.lines().findFirst().orElseThrow())
                    .isEqualTo("\"id\",\"path_params.id\",\"params.name\",\"params.metadata.batch\",\"_error\"");
        }
    }
}
