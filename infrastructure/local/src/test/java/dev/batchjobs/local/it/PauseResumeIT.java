package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Pause and resume on the local cloud: the workers stop within about a second of the pause, nothing reaches the
 * target while the job is paused, and after the resume every row reaches the target exactly once (counted at the
 * target by its idempotency key), with one results line each.
 */
class PauseResumeIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int ROWS = 40;

    private final LocalCloud cloud = SharedLocalCloud.get();
    private final LocalApi api = new LocalApi(cloud);

    private List<String> keysOf(String jobId) {
        return cloud.sandbox().idempotencyKeys().stream()
                .filter(k -> k.startsWith(jobId + ":"))
                .toList();
    }

    private long processed(JsonNode job) {
        JsonNode details = job.get("status_details").get(job.get("status").asText());
        return details.get("success_count").asLong()
                + details.get("failure_count").asLong();
    }

    @Test
    void aPausedJobSendsNothingAndItsResumeSendsEveryRowExactlyOnce() throws Exception {
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= ROWS; i++) {
            file.append(String.format("{\"id\": \"p%d\", \"path_params\": {\"id\": \"cus_%04d\"}}%n", i, 100 + i));
        }
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 5}",
                file.toString());
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> keysOf(id).size() >= 3);

        JsonNode paused = api.call("POST", "/v2/core/batch_jobs/" + id + "/pause", null);

        assertThat(paused.get("status").asText()).as(paused.toString()).isEqualTo("paused");
        assertThat(paused.at("/status_details/paused/reason").asText()).isEqualTo("requested");
        // In-flight requests finish and are checkpointed; then nothing more is sent for as long as the pause lasts.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> processed(api.job(id)) == keysOf(id).size());
        int sentWhilePaused = keysOf(id).size();
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> keysOf(id).size() == sentWhilePaused
                        && api.job(id).get("status").asText().equals("paused"));
        assertThat(sentWhilePaused).isLessThan(ROWS);

        JsonNode resumed = api.call("POST", "/v2/core/batch_jobs/" + id + "/resume", null);

        assertThat(resumed.get("status").asText()).as(resumed.toString()).isEqualTo("in_progress");
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> api.job(id).get("status").asText().equals("complete"));
        JsonNode job = api.job(id);
        assertThat(job.at("/status_details/complete/success_count").asText()).isEqualTo(Integer.toString(ROWS));
        List<String> keys = keysOf(id);
        assertThat(keys)
                .as("every row reached the target exactly once")
                .hasSize(ROWS)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, ROWS)
                        .mapToObj(i -> id + ":p" + i)
                        .toList());
        Set<String> resultIds = new HashSet<>();
        List<String> lines = LocalApi.download(job.at("/status_details/complete/output_file/download_url/url")
                        .asText())
                .lines()
                .toList();
        for (String line : lines) {
            resultIds.add(MAPPER.readTree(line).get("id").asText());
        }
        assertThat(lines).hasSize(ROWS);
        assertThat(resultIds).hasSize(ROWS);
        List<String> types = new ArrayList<>();
        api.call("GET", "/v2/core/events?object_id=" + id, null)
                .get("data")
                .forEach(e -> types.add(e.get("type").asText()));
        assertThat(types)
                .contains("v2.core.batch_job.paused", "v2.core.batch_job.resumed", "v2.core.batch_job.completed");
    }

    @Test
    void aPausedJobCanBeCanceledAndEndsCanceledWithItsPartialResults() throws Exception {
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            file.append(String.format("{\"id\": \"c%d\", \"path_params\": {\"id\": \"cus_%04d\"}}%n", i, 200 + i));
        }
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 2}",
                file.toString());
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !keysOf(id).isEmpty());
        api.call("POST", "/v2/core/batch_jobs/" + id + "/pause", null);

        JsonNode cancelling = api.call("POST", "/v2/core/batch_jobs/" + id + "/cancel", null);

        assertThat(cancelling.get("status").asText()).as(cancelling.toString()).isEqualTo("cancelling");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> api.job(id)
                        .at("/status_details/canceled/output_file/size")
                        .isTextual());
        JsonNode job = api.job(id);
        assertThat(processed(job)).isEqualTo(keysOf(id).size()).isLessThan(20);
        JsonNode error = api.call("POST", "/v2/core/batch_jobs/" + id + "/pause", null);
        assertThat(error.at("/error/code").asText()).isEqualTo("batch_job_not_pausable");
    }
}
