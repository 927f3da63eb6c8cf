package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A failure threshold on the local cloud, against a target that fails every row (customers the sandbox does not
 * have): the job stops long before its end, paused or batch_failed as asked, and a resume counts afresh.
 */
class FailureThresholdIT {
    private static final int ROWS = 80;

    private final LocalCloud cloud = SharedLocalCloud.get();
    private final LocalApi api = new LocalApi(cloud);

    private String start(String prefix, String action) throws Exception {
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= ROWS; i++) {
            file.append(
                    String.format("{\"id\": \"%s%d\", \"path_params\": {\"id\": \"cus_gone_%d\"}}%n", prefix, i, i));
        }
        return api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 10,"
                        + " \"failure_threshold\": {\"percent\": 20, \"minimum_rows\": 10, \"action\": \"" + action
                        + "\"}}",
                file.toString());
    }

    private JsonNode awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    String now = api.job(id).get("status").asText();
                    return now.equals(status)
                            || List.of("complete", "batch_failed", "canceled").contains(now);
                });
        JsonNode job = unchecked(id);
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo(status);
        return job;
    }

    private JsonNode unchecked(String id) {
        try {
            return api.job(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long failures(JsonNode job) {
        return job.at("/status_details/" + job.get("status").asText() + "/failure_count")
                .asLong();
    }

    @Test
    void aJobWhoseRowsAllFailPausesForItsThresholdAndAResumeCountsAfresh() throws Exception {
        String id = start("t", "pause");

        JsonNode paused = awaitStatus(id, "paused");

        assertThat(paused.at("/status_details/paused/reason").asText()).isEqualTo("failure_threshold");
        // The requests in flight at the pause finish and are counted; then the count holds.
        long[] last = {-1};
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    long now = failures(api.job(id));
                    boolean same = now == last[0];
                    last[0] = now;
                    return same;
                });
        long first = last[0];
        assertThat(first).isBetween(10L, (long) ROWS - 1);
        assertThat(paused.at("/status_details/paused/success_count").asText()).isEqualTo("0");

        api.call("POST", "/v2/core/batch_jobs/" + id + "/resume", null);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> failures(api.job(id)) > first);
        JsonNode again = awaitStatus(id, "paused");

        assertThat(failures(again)).as("at least minimum_rows more rows ended").isGreaterThanOrEqualTo(first + 10);
        assertThat(api.call("POST", "/v2/core/batch_jobs/" + id + "/cancel", null)
                        .get("status")
                        .asText())
                .isEqualTo("cancelling");
        awaitStatus(id, "canceled");
    }

    @Test
    void aFailThresholdEndsTheJobBatchFailedSayingWhy() throws Exception {
        String id = start("f", "fail");

        JsonNode failed = awaitStatus(id, "batch_failed");

        assertThat(failed.at("/status_details/batch_failed/error").asText())
                .startsWith("The failure threshold was passed: ")
                .contains("more than 20%");
        JsonNode listed = api.call("GET", "/v2/core/batch_jobs/" + id + "/failures?limit=100", null);
        assertThat(listed.get("data").size()).isBetween(10, ROWS - 1);
    }
}
