package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** On the local cloud, the event that leaves validation carries the pre-flight estimate. */
class PreflightIT {
    private final LocalCloud cloud = SharedLocalCloud.get();
    private final LocalApi api = new LocalApi(cloud);

    @Test
    void theEventLeavingValidationCarriesTheRowsTheFileSizeAndTheDuration() throws Exception {
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            file.append(String.format("{\"id\": \"v%d\", \"path_params\": {\"id\": \"cus_%04d\"}}%n", i, 400 + i));
        }
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 20}",
                file.toString());

        AtomicReference<JsonNode> leaving = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    api.call("GET", "/v2/core/events?object_id=" + id + "&limit=100", null)
                            .get("data")
                            .forEach(e -> {
                                if (e.at("/data/status").asText().equals("in_progress")
                                        && e.at("/data/preflight").isObject()) {
                                    leaving.set(e);
                                }
                            });
                    return leaving.get() != null;
                });

        JsonNode preflight = leaving.get().at("/data/preflight");
        assertThat(leaving.get().get("type").asText()).isEqualTo("v2.core.batch_job.updated");
        assertThat(preflight.get("row_count").asText()).isEqualTo("50");
        assertThat(preflight.get("file_size").asText())
                .isEqualTo(Integer.toString(file.toString().getBytes(StandardCharsets.UTF_8).length));
        assertThat(preflight.get("estimated_duration_seconds").asText()).isEqualTo("3");
        assertThat(leaving.get().at("/data/total_count").asText()).isEqualTo("50");
    }
}
