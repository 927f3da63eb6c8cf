package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.LocalCloudOptions;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job may ask for its own processing timeout, up to the operator's cap: on a deployment whose default is 3 seconds
 * and whose cap is 10 minutes, a job that asked for 10 minutes completes where the same job without it times out,
 * and asking past the cap is refused before anything is stored.
 */
class JobProcessingTimeoutIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ENDPOINT = "\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}";
    private static LocalCloud cloud;
    private static LocalApi api;

    @BeforeAll
    static void startACloudWithAThreeSecondDefaultAndATenMinuteCap() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.ephemeral(LocalCloudOptions.findTemplate(Path.of("")))
                .withParameters(
                        Map.of("ProcessingTimeoutSeconds", "3", "MaxProcessingTimeoutSeconds", "600"), Optional.empty())
                .withWaitScale(0.05));
        api = new LocalApi(cloud);
    }

    @AfterAll
    static void stop() throws Exception {
        cloud.close();
    }

    /** 20 rows at 4 a second: 5 seconds of sending, past the default's 3. */
    private static String file(String prefix) {
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            file.append("{\"id\": \"")
                    .append(prefix)
                    .append(i)
                    .append("\", \"path_params\": {\"id\": \"")
                    .append(String.format("cus_%04d", i))
                    .append("\"}}\n");
        }
        return file.toString();
    }

    private static JsonNode ended(String id) throws Exception {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> api.job(id).get("status").asText(), s -> s.equals("complete") || s.equals("timeout"));
        return api.job(id);
    }

    @Test
    void aJobThatAskedForLongerOutlivesTheDefaultThatEndsTheSameJobWithout() throws Exception {
        String patient =
                api.createAndUpload("{" + ENDPOINT + ", \"maximum_rps\": 4, \"processing_timeout\": 600}", file("p"));
        String hurried = api.createAndUpload("{" + ENDPOINT + ", \"maximum_rps\": 4}", file("h"));

        JsonNode patientJob = ended(patient);
        JsonNode hurriedJob = ended(hurried);

        assertThat(patientJob.get("processing_timeout").asLong()).isEqualTo(600);
        assertThat(patientJob.get("status").asText()).isEqualTo("complete");
        assertThat(patientJob.at("/status_details/complete/success_count").asText())
                .isEqualTo("20");
        assertThat(hurriedJob.get("processing_timeout").asLong()).isEqualTo(3);
        assertThat(hurriedJob.get("status").asText()).isEqualTo("timeout");
        // What a client downloads is written under outputs/, which the bucket keeps from the job's end.
        String url = patientJob
                .at("/status_details/complete/output_file/download_url/url")
                .asText();
        assertThat(url).contains("/outputs/");
        assertThat(LocalApi.download(url).lines()).hasSize(20);
    }

    @Test
    void askingPastTheCapIsRefusedNamingTheCap() throws Exception {
        HttpResponse<String> refused =
                api.send("POST", "/v2/core/batch_jobs", "{" + ENDPOINT + ", \"processing_timeout\": 601}");

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = MAPPER.readTree(refused.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("parameter_invalid");
        assertThat(error.get("param").asText()).isEqualTo("processing_timeout");
        assertThat(error.get("message").asText())
                .isEqualTo("Invalid processing_timeout: expected whole seconds from 60 to 600 (this deployment's "
                        + "cap), received 601.");
    }
}
