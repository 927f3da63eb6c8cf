package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A running job on the local cloud shows its total, its measured rate and its estimated completion, as do its events. */
class ProgressPlanIT {
    private final LocalCloud cloud = SharedLocalCloud.get();
    private final LocalApi api = new LocalApi(cloud);

    @Test
    void aRunningJobPlansItsCompletionAtItsMeasuredRate() throws Exception {
        StringBuilder file = new StringBuilder();
        // 150 rows at 5/s: 30 s, past the 15 s cap of its first checkpoint (CheckpointLeastRows waits for 150 rows).
        for (int i = 1; i <= 150; i++) {
            file.append(String.format("{\"id\": \"e%d\", \"path_params\": {\"id\": \"cus_%04d\"}}%n", i, 300 + i));
        }
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 5}",
                file.toString());

        AtomicReference<JsonNode> seen = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonNode details = api.job(id).at("/status_details/in_progress");
                    seen.set(details);
                    return details.path("estimated_completion_at").isTextual();
                });
        Instant now = Instant.now();

        JsonNode details = seen.get();
        assertThat(details.get("total_count").asText()).isEqualTo("150");
        double rate = Double.parseDouble(details.get("rows_per_second").asText());
        assertThat(rate).isGreaterThan(0).isLessThanOrEqualTo(5.5);
        Instant done = Instant.parse(details.get("estimated_completion_at").asText());
        assertThat(done).isBetween(now.minusSeconds(2), now.plusSeconds(60));

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> api.job(id).get("status").asText().equals("complete"));
        assertThat(api.job(id).at("/status_details/complete").has("rows_per_second"))
                .isFalse();
        boolean[] planned = {false};
        api.call("GET", "/v2/core/events?object_id=" + id + "&limit=100", null)
                .get("data")
                .forEach(e -> {
                    if (e.get("type").asText().equals("v2.core.batch_job.updated")
                            && e.at("/data/status").asText().equals("in_progress")
                            && e.at("/data/rows_per_second").isTextual()) {
                        planned[0] = true;
                    }
                });
        assertThat(planned[0]).as("an updated event carries the plan").isTrue();
    }
}
