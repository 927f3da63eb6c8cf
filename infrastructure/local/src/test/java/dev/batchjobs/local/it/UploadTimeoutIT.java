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

/** The sweeper on the local cloud's schedule: a job never uploaded ends upload_timeout, and stays there. */
class UploadTimeoutIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalCloud cloud;

    @BeforeAll
    static void startACloudWithShortUploadUrlsAndFastSchedules() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.ephemeral(LocalCloudOptions.findTemplate(Path.of("")))
                .withParameters(Map.of("UploadUrlTtlSeconds", "2"), Optional.of(Duration.ofSeconds(1))));
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
    void aJobNeverUploadedEndsUploadTimeoutAndALateUploadIsRefused() throws Exception {
        JsonNode job = call("POST", "/v2/core/batch_jobs", "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}");
        JsonNode canceled = call("POST", "/v2/core/batch_jobs", "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}");
        call("POST", "/v2/core/batch_jobs/" + canceled.get("id").asText() + "/cancel", null);
        String id = job.get("id").asText();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                call("GET", "/v2/core/batch_jobs/" + id, null).get("status").asText().equals("upload_timeout"));

        JsonNode timedOut = call("GET", "/v2/core/batch_jobs/" + id, null);
        assertThat(timedOut.get("status_details").isNull()).isTrue();
        int late = HTTP.send(HttpRequest.newBuilder(URI.create(job.at("/status_details/ready_for_upload/upload_url/url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"id\":\"late\"}\n")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        assertThat(late).isEqualTo(403);
        assertThat(call("GET", "/v2/core/batch_jobs/" + canceled.get("id").asText(), null).get("status").asText())
                .isEqualTo("canceled");
        assertThat(call("GET", "/v2/core/batch_jobs?status=upload_timeout", null).get("data").findValuesAsText("id"))
                .containsExactly(id);
    }
}
