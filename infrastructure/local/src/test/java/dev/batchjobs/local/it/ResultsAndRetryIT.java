package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Results so far and the retry of failed rows, end to end on the local cloud. A snapshot taken mid-run holds each
 * finished row once and agrees with the final results file; a retry against a target that failed some rows with 503
 * and some with 400 sends, with only=retryable, exactly the 503 rows again, and with all every failed row, each
 * under the idempotency key of the job it first ran in.
 */
class ResultsAndRetryIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CUSTOMERS =
            "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": ";

    private final LocalCloud cloud = SharedLocalCloud.get();
    private final LocalApi api = new LocalApi(cloud);

    private List<String> keysOf(String jobId) {
        return cloud.sandbox().idempotencyKeys().stream()
                .filter(k -> k.startsWith(jobId + ":"))
                .toList();
    }

    private JsonNode awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> api.job(id).get("status").asText().equals(status));
        try {
            return api.job(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lines of a results file by row id; fails on a row that is there twice. */
    private static Map<String, String> linesById(String url) throws Exception {
        Map<String, String> lines = new HashMap<>();
        for (String line : LocalApi.download(url).lines().toList()) {
            String rowId = MAPPER.readTree(line).get("id").asText();
            assertThat(lines.put(rowId, line))
                    .as("row %s is in the file once", rowId)
                    .isNull();
        }
        return lines;
    }

    @Test
    void resultsTakenMidRunHoldEachFinishedRowOnceAndAgreeWithTheFinalFile() throws Exception {
        // 30 s at 5/s: the worker's first checkpoint (at 15 s, the cap of a slow job's minimum of rows) comes well
        // before its last rows.
        int rows = 150;
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= rows; i++) {
            file.append(String.format("{\"id\": \"s%d\", \"path_params\": {\"id\": \"cus_%04d\"}}%n", i, 300 + i));
        }
        JsonNode waiting = api.call("POST", "/v2/core/batch_jobs", CUSTOMERS + "5}");
        assertThat(api.call("GET", "/v2/core/batch_jobs/" + waiting.get("id").asText() + "/results", null)
                        .at("/error/code")
                        .asText())
                .isEqualTo("batch_job_results_not_available");
        String id = api.createAndUpload(CUSTOMERS + "5}", file.toString());
        HttpResponse<String> bad = api.send("GET", "/v2/core/batch_jobs/" + id + "/results?status=done", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(bad.body()).at("/error/param").asText()).isEqualTo("status");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> keysOf(id).size() >= 8
                        && api.call("GET", "/v2/core/batch_jobs/" + id + "/results", null)
                                        .get("row_count")
                                        .asLong()
                                > 0);

        List<Map<String, String>> snapshots = new ArrayList<>();
        for (int taken = 0; taken < 3; taken++) {
            JsonNode soFar = api.call("GET", "/v2/core/batch_jobs/" + id + "/results", null);
            assertThat(soFar.get("final").asBoolean()).as(soFar.toString()).isFalse();
            assertThat(soFar.get("truncated").asBoolean()).isFalse();
            Map<String, String> lines = linesById(soFar.at("/download_url/url").asText());
            assertThat(soFar.get("row_count").asLong()).isEqualTo(lines.size());
            snapshots.add(lines);
        }
        assertThat(snapshots.get(snapshots.size() - 1)).isNotEmpty();
        assertThat(snapshots.get(0).size()).isLessThan(rows);

        JsonNode job = awaitStatus(id, "complete");
        Map<String, String> finalLines = linesById(
                job.at("/status_details/complete/output_file/download_url/url").asText());
        assertThat(finalLines).hasSize(rows);
        for (Map<String, String> snapshot : snapshots) {
            // Every row of a snapshot finished, and reads as it does in the final file.
            assertThat(finalLines).containsAllEntriesOf(snapshot);
        }
        JsonNode ended = api.call("GET", "/v2/core/batch_jobs/" + id + "/results", null);
        assertThat(ended.get("final").asBoolean()).isTrue();
        assertThat(ended.get("row_count").asText()).isEqualTo(Integer.toString(rows));
        JsonNode succeeded = api.call("GET", "/v2/core/batch_jobs/" + id + "/results?status=succeeded", null);
        assertThat(linesById(succeeded.at("/download_url/url").asText())).isEqualTo(finalLines);
        JsonNode failed = api.call("GET", "/v2/core/batch_jobs/" + id + "/results?status=failed", null);
        assertThat(failed.get("row_count").asText()).isEqualTo("0");
    }

    @Test
    void aRetrySendsExactlyTheFailedRowsItTakesUnderTheirOriginalIdempotencyKeys() throws Exception {
        String down = "cus_down" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= 4; i++) {
            file.append(String.format("{\"id\": \"d%d\", \"path_params\": {\"id\": \"%s_%d\"}}%n", i, down, i));
        }
        for (int i = 1; i <= 3; i++) {
            file.append(String.format(
                    "{\"id\": \"b%d\", \"path_params\": {\"id\": \"cus_%04d\"}, \"params\": {\"bogus\": \"x\"}}%n",
                    i, 400 + i));
        }
        for (int i = 1; i <= 5; i++) {
            file.append(String.format("{\"id\": \"g%d\", \"path_params\": {\"id\": \"cus_%04d\"}}%n", i, 500 + i));
        }
        cloud.sandbox().answerUnavailable(down);
        String parent;
        try {
            parent = api.createAndUpload(CUSTOMERS + "20}", file.toString());
            JsonNode ended = awaitStatus(parent, "complete");
            assertThat(ended.at("/status_details/complete/failure_count").asText())
                    .isEqualTo("7");
        } finally {
            cloud.sandbox().recover(down);
        }
        assertThat(api.call("GET", "/v2/core/batch_jobs/" + parent + "/results?status=failed", null)
                        .get("row_count")
                        .asText())
                .isEqualTo("7");
        int before = cloud.sandbox().idempotencyKeys().size();

        HttpResponse<String> first = retry(parent, "{}", "retry-" + parent);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode retryable = MAPPER.readTree(first.body());
        String child = retryable.get("id").asText();
        assertThat(retryable.get("retry_of").asText()).isEqualTo(parent);
        assertThat(retryable.get("status").asText()).isIn("validating", "in_progress", "complete");
        assertThat(retryable.get("maximum_rps").asInt()).isEqualTo(20);
        // The same Idempotency-Key and request: the same job, no second one.
        assertThat(MAPPER.readTree(retry(parent, "{}", "retry-" + parent).body())
                        .get("id")
                        .asText())
                .isEqualTo(child);
        assertThat(MAPPER.readTree(retry(parent, "{\"only\": \"all\"}", "retry-" + parent)
                                .body())
                        .at("/error/code")
                        .asText())
                .isEqualTo("idempotency_key_in_use");
        JsonNode childEnded = awaitStatus(child, "complete");
        assertThat(childEnded.at("/status_details/complete/total_count").asText())
                .isEqualTo("4");
        List<String> resent = sentSince(before, parent);
        assertThat(resent)
                .as("only=retryable sends the 503 rows again, once each, with the parent's keys")
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 4)
                        .mapToObj(i -> parent + ":d" + i)
                        .toList());
        assertThat(api.job(parent).get("retries")).extracting(JsonNode::asText).containsExactly(child);

        int beforeAll = cloud.sandbox().idempotencyKeys().size();
        JsonNode all = MAPPER.readTree(
                retry(parent, "{\"only\": \"all\", \"maximum_rps\": 10}", null).body());
        assertThat(all.get("maximum_rps").asInt()).as(all.toString()).isEqualTo(10);
        awaitStatus(all.get("id").asText(), "complete");
        List<String> expectedAll = new ArrayList<>();
        IntStream.rangeClosed(1, 4).forEach(i -> expectedAll.add(parent + ":d" + i));
        IntStream.rangeClosed(1, 3).forEach(i -> expectedAll.add(parent + ":b" + i));
        assertThat(sentSince(beforeAll, parent)).containsExactlyInAnyOrderElementsOf(expectedAll);
        assertThat(api.job(parent).get("retries"))
                .extracting(JsonNode::asText)
                .containsExactly(child, all.get("id").asText());

        // The child's rows now fail 404 (the sandbox has no such customers): not retryable, but all takes them, and a
        // retry of a retry still sends the origin's keys.
        assertThat(MAPPER.readTree(retry(child, "{}", null).body())
                        .at("/error/code")
                        .asText())
                .isEqualTo("batch_job_no_failed_rows");
        int beforeGrandchild = cloud.sandbox().idempotencyKeys().size();
        JsonNode grandchild =
                MAPPER.readTree(retry(child, "{\"only\": \"all\"}", null).body());
        assertThat(grandchild.get("retry_of").asText()).isEqualTo(child);
        awaitStatus(grandchild.get("id").asText(), "complete");
        assertThat(sentSince(beforeGrandchild, parent))
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 4)
                        .mapToObj(i -> parent + ":d" + i)
                        .toList());

        JsonNode waiting = api.call("POST", "/v2/core/batch_jobs", CUSTOMERS + "5}");
        assertThat(MAPPER.readTree(retry(waiting.get("id").asText(), "{}", null).body())
                        .at("/error/code")
                        .asText())
                .isEqualTo("batch_job_not_retryable");
        assertThat(MAPPER.readTree(retry(parent, "{\"maximum_rps\": 0}", null).body())
                        .at("/error/code")
                        .asText())
                .isEqualTo("batch_api_invalid_maximum_rps");
        List<String> types = new ArrayList<>();
        List<String> retryOf = new ArrayList<>();
        api.call("GET", "/v2/core/events?object_id=" + child, null).get("data").forEach(e -> {
            types.add(e.get("type").asText());
            retryOf.add(e.at("/data/retry_of").asText("absent"));
        });
        assertThat(types).contains("v2.core.batch_job.created", "v2.core.batch_job.completed");
        assertThat(retryOf)
                .as("every event of a retry names the job it retries")
                .containsOnly(parent);
        api.call("GET", "/v2/core/events?object_id=" + parent, null)
                .get("data")
                .forEach(e -> assertThat(e.get("data").has("retry_of"))
                        .as(e.toString())
                        .isFalse());
    }

    /** The keys of {@code origin}'s rows that reached the target since it had received {@code before} keys in all. */
    private List<String> sentSince(int before, String origin) {
        List<String> keys = cloud.sandbox().idempotencyKeys();
        return keys.subList(before, keys.size()).stream()
                .filter(k -> k.startsWith(origin + ":"))
                .toList();
    }

    private HttpResponse<String> retry(String id, String body, String idempotencyKey) throws Exception {
        return idempotencyKey == null
                ? api.send("POST", "/v2/core/batch_jobs/" + id + "/retry", body)
                : api.sendWithIdempotencyKey("POST", "/v2/core/batch_jobs/" + id + "/retry", body, idempotencyKey);
    }
}
