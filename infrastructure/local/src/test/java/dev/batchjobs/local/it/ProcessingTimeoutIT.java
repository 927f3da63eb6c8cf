package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.LocalCloudOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    @BeforeAll
    static void startACloudWithAThreeSecondDeadline() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.ephemeral(LocalCloudOptions.findTemplate(Path.of("")))
                .withParameters(Map.of("ProcessingTimeoutSeconds", "3"), Optional.empty()).withWaitScale(0.05));
    }

    @AfterAll
    static void stop() throws Exception {
        cloud.close();
    }

    private static JsonNode call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.apiBaseUrl().resolve(path))
                .header("Authorization", "Bearer " + cloud.apiKey()).header("Stripe-Version", "2026-04-22.preview")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return MAPPER.readTree(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void aJobPastItsDeadlineEndsTimeoutWithItsPartialResults() throws Exception {
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            file.append("{\"id\": \"t").append(i).append("\", \"path_params\": {\"id\": \"").append(String.format("cus_%04d", i))
                    .append("\"}}\n");
        }
        JsonNode created = call("POST", "/v2/core/batch_jobs",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 2}");
        String id = created.get("id").asText();
        HTTP.send(HttpRequest.newBuilder(URI.create(created.at("/status_details/ready_for_upload/upload_url/url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofString(file.toString())).build(), HttpResponse.BodyHandlers.discarding());

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                call("GET", "/v2/core/batch_jobs/" + id, null).at("/status_details/timeout/output_file/size").isTextual());

        JsonNode details = call("GET", "/v2/core/batch_jobs/" + id, null).get("status_details").get("timeout");
        long counted = details.get("success_count").asLong() + details.get("failure_count").asLong();
        String results = HTTP.send(HttpRequest.newBuilder(URI.create(details.at("/output_file/download_url/url").asText())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(counted).isBetween(1L, 29L);
        assertThat(results.lines().count()).isEqualTo(counted);
    }
}
