package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A slow job (10 rps, at most the template's SmallWorkerMaxRps of 10) runs to completion on the small worker, from its
 * own queue, and a fast one (100 rps) on the big worker: each job's worker metric lines are in one function's log only.
 */
class ChunkLaneIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private final LocalCloud cloud = SharedLocalCloud.get();

    @Test
    void aSlowJobRunsOnTheSmallWorkerAndAFastOneOnTheBig() throws Exception {
        LocalApi api = new LocalApi(
                cloud,
                cloud.issueApiKey(
                        "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)));
        String file = IntStream.rangeClosed(1, 20)
                .mapToObj(i -> String.format(
                        "{\"id\":\"r%d\",\"path_params\":{\"id\":\"cus_%04d\"},\"params\":{\"name\":\"L\"}}", i, i))
                .collect(Collectors.joining("\n", "", "\n"));
        String slow = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 10}",
                file);
        String fast = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 100}",
                file);

        await().atMost(DEADLINE)
                .until(() -> api.job(slow).path("status").asText().equals("complete")
                        && api.job(fast).path("status").asText().equals("complete"));

        assertThat(sum(linesOf("SmallChunkWorkerFunction", slow))).isEqualTo(20);
        assertThat(linesOf("ChunkWorkerFunction", slow)).isEmpty();
        assertThat(sum(linesOf("ChunkWorkerFunction", fast))).isEqualTo(20);
        assertThat(linesOf("SmallChunkWorkerFunction", fast)).isEmpty();
    }

    private static long sum(List<JsonNode> lines) {
        return lines.stream()
                .mapToLong(line -> line.path("RowsSucceeded").asLong())
                .sum();
    }

    /** The function's metric lines about one job. */
    private List<JsonNode> linesOf(String function, String job) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : cloud.functionLogs().lines(function)) {
            try {
                JsonNode parsed = MAPPER.readTree(line);
                if (parsed.has("_aws") && parsed.path("job_id").asText().equals(job)) {
                    lines.add(parsed);
                }
            } catch (Exception notJson) {
                // Only the metric lines matter here.
            }
        }
        return lines;
    }
}
