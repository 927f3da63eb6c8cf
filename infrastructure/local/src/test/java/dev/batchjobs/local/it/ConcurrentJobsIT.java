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
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Load on the whole pipeline of the local cloud: {@code load.jobs} jobs (50 by default) created and uploaded at once
 * through the API and the presigned URLs, each run by the state machine and the FIFO queue's workers alongside the
 * others; every one ends complete with each of its rows once in its results and its own counts.
 */
class ConcurrentJobsIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int ROWS = 12;

    private final LocalCloud cloud = SharedLocalCloud.get();
    private final LocalApi api = new LocalApi(
            cloud, cloud.issueApiKey("acct_load_" + UUID.randomUUID().toString().substring(0, 8)));

    private String file(int job) {
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < ROWS; i++) {
            String customer = i == 5 ? "cus_nobody" : String.format("cus_%04d", (job * ROWS + i) % 1000 + 1);
            file.append("{\"id\": \"j").append(job).append("_r").append(i).append("\", \"path_params\": {\"id\": \"");
            file.append(customer)
                    .append("\"}, \"params\": {\"metadata\": {\"job\": \"")
                    .append(job)
                    .append("\"}}}\n");
        }
        return file.toString();
    }

    @Test
    void fiftyJobsAtOnceEachEndCorrect() throws Exception {
        int jobs = Integer.getInteger("load.jobs", 50);
        long started = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(10);
        List<Future<String>> created = new ArrayList<>();
        for (int j = 0; j < jobs; j++) {
            int job = j;
            created.add(clients.submit(() -> api.createAndUpload(
                    "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 100}",
                    file(job))));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> id : created) {
            ids.add(id.get());
        }
        clients.shutdown();
        await().atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    JsonNode page = api.call("GET", "/v2/core/batch_jobs?status=complete&limit=100", null);
                    return page.get("data").size() >= jobs;
                });
        double seconds = (System.nanoTime() - started) / 1e9;
        for (int j = 0; j < jobs; j++) {
            JsonNode job = api.job(ids.get(j));
            assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("complete");
            JsonNode details = job.at("/status_details/complete");
            assertThat(details.get("success_count").asText()).isEqualTo(Integer.toString(ROWS - 1));
            assertThat(details.get("failure_count").asText()).isEqualTo("1");
            Set<String> rows = new HashSet<>();
            for (String line : LocalApi.download(
                            details.at("/output_file/download_url/url").asText())
                    .split("\n")) {
                assertThat(rows.add(MAPPER.readTree(line).get("id").asText())).isTrue();
            }
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < ROWS; i++) {
                expected.add("j" + j + "_r" + i);
            }
            assertThat(rows).isEqualTo(expected);
        }
        System.out.printf(
                "Concurrent jobs: %d jobs x %d rows created at once, all complete and correct in %.1f s%n",
                jobs, ROWS, seconds);
    }
}
