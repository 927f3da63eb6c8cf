package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.LocalCloudOptions;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A job that outlives its processing deadline ends timeout, and its results file holds every row it counted. */
class ProcessingTimeoutIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalCloud cloud;
    private static LocalApi api;

    @BeforeAll
    static void startACloudWithAThreeSecondDeadline() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.ephemeral(LocalCloudOptions.findTemplate(Path.of("")))
                .withParameters(Map.of("ProcessingTimeoutSeconds", "3"), Optional.empty())
                .withWaitScale(0.05));
        api = new LocalApi(cloud);
    }

    @AfterAll
    static void stop() throws Exception {
        cloud.close();
    }

    @Test
    void aJobPastItsDeadlineEndsTimeoutWithItsPartialResults() throws Exception {
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            file.append("{\"id\": \"t")
                    .append(i)
                    .append("\", \"path_params\": {\"id\": \"")
                    .append(String.format("cus_%04d", i))
                    .append("\"}}\n");
        }
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 2}",
                file.toString());

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> api.job(id)
                        .at("/status_details/timeout/output_file/size")
                        .isTextual());

        JsonNode details = api.job(id).get("status_details").get("timeout");
        long counted = details.get("success_count").asLong()
                + details.get("failure_count").asLong();
        String results =
                LocalApi.download(details.at("/output_file/download_url/url").asText());
        assertThat(counted).isBetween(1L, 29L);
        assertThat(results.lines().count()).isEqualTo(counted);
    }
}
