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

/**
 * The sweeper on the local cloud's schedule: a job never uploaded ends upload_timeout, and stays there; a job
 * uploaded in time whose upload event was lost is started by the sweeper and runs to the end.
 */
class UploadTimeoutIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalCloud cloud;
    private static LocalApi api;

    @BeforeAll
    static void startACloudWithShortUploadUrlsAndFastSchedules() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.ephemeral(LocalCloudOptions.findTemplate(Path.of("")))
                .withParameters(Map.of("UploadUrlTtlSeconds", "2"), Optional.of(Duration.ofSeconds(1))));
        api = new LocalApi(cloud);
    }

    @AfterAll
    static void stop() throws Exception {
        cloud.close();
    }

    @Test
    void anUploadWhoseEventIsLostIsStartedByTheSweeperAndCompletes() throws Exception {
        JsonNode job = api.call(
                "POST",
                "/v2/core/batch_jobs",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}");
        String id = job.get("id").asText();
        cloud.loseUploadEvents(true);
        try {
            int put = LocalApi.put(
                    job.at("/status_details/ready_for_upload/upload_url/url").asText(),
                    "{\"id\": \"r1\", \"path_params\": {\"id\": \"cus_0001\"}, \"params\": {\"name\": \"A\"}}\n");
            assertThat(put).isEqualTo(200);

            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> api.call("GET", "/v2/core/batch_jobs/" + id, null)
                            .get("status")
                            .asText()
                            .equals("complete"));
        } finally {
            cloud.loseUploadEvents(false);
        }
        assertThat(api.call("GET", "/v2/core/batch_jobs/" + id, null)
                        .at("/status_details/complete/success_count")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void aJobNeverUploadedEndsUploadTimeoutAndALateUploadIsRefused() throws Exception {
        JsonNode job = api.call(
                "POST",
                "/v2/core/batch_jobs",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}");
        JsonNode canceled = api.call(
                "POST",
                "/v2/core/batch_jobs",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}");
        api.call("POST", "/v2/core/batch_jobs/" + canceled.get("id").asText() + "/cancel", null);
        String id = job.get("id").asText();

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> api.call("GET", "/v2/core/batch_jobs/" + id, null)
                        .get("status")
                        .asText()
                        .equals("upload_timeout"));

        JsonNode timedOut = api.call("GET", "/v2/core/batch_jobs/" + id, null);
        assertThat(timedOut.get("status_details").isNull()).isTrue();
        int late = LocalApi.put(
                job.at("/status_details/ready_for_upload/upload_url/url").asText(), "{\"id\":\"late\"}\n");
        assertThat(late).isEqualTo(403);
        assertThat(api.call("GET", "/v2/core/batch_jobs/" + canceled.get("id").asText(), null)
                        .get("status")
                        .asText())
                .isEqualTo("canceled");
        assertThat(api.call("GET", "/v2/core/batch_jobs?status=upload_timeout", null)
                        .get("data")
                        .findValuesAsText("id"))
                .containsExactly(id);
    }
}
