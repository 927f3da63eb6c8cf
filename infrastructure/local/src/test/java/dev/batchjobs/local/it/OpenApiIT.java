package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every operation of openapi.yaml answers on the local cloud as the document says: this test calls each one
 * (through {@link LocalApi}, which checks every response of every integration test against the document), and then
 * holds that none was left unchecked. The health check and the document itself answer without a key.
 */
class OpenApiIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final LocalCloud cloud = SharedLocalCloud.get();
    private final LocalApi api = new LocalApi(
            cloud,
            cloud.issueApiKey("acct_openapi_" + UUID.randomUUID().toString().substring(0, 8)));

    private HttpResponse<String> anonymous(String path) throws Exception {
        return LocalApi.checked(
                "GET",
                path,
                HTTP.send(
                        HttpRequest.newBuilder(cloud.apiBaseUrl().resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void theHealthCheckAndTheDocumentNeedNoKeyAndRevealNothing() throws Exception {
        HttpResponse<String> health = anonymous("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");

        HttpResponse<String> document = anonymous("/openapi.yaml");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).startsWith("openapi: 3.1.0");

        assertThat(anonymous("/v2/core/batch_jobs").statusCode()).isEqualTo(401);
        assertThat(anonymous("/api/v1/batch-jobs").statusCode()).isEqualTo(401);
    }

    @Test
    void everyOperationOfTheDocumentAnswersAsItSays() throws Exception {
        anonymous("/healthz");
        anonymous("/openapi.yaml");
        anonymous("/dashboard");
        anonymous("/dashboard/app.js");
        anonymous("/dashboard/style.css");

        // A job that ends complete with one failed row: every job, failure and event route has something to show.
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 50,"
                        + " \"metadata\": {\"batch\": \"openapi\"}, \"input_file_name\": \"openapi.jsonl\"}",
                "{\"id\": \"r1\", \"path_params\": {\"id\": \"cus_0001\"}, \"params\": {\"name\": \"A\"}}\n"
                        + "{\"id\": \"r2\", \"path_params\": {\"id\": \"cus_nobody\"}, \"params\": {\"name\": \"B\"}}\n");
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> api.job(id).get("status").asText().equals("complete"));
        assertThat(api.call("GET", "/v2/core/batch_jobs?limit=5&status=complete", null)
                        .get("data"))
                .isNotEmpty();
        assertThat(api.call("GET", "/v2/core/batch_jobs/" + id + "/failures?limit=10", null)
                        .get("data"))
                .hasSize(1);
        JsonNode failedSoFar = api.call("GET", "/v2/core/batch_jobs/" + id + "/results?status=failed", null);
        assertThat(failedSoFar.get("row_count").asText())
                .as(failedSoFar.toString())
                .isEqualTo("1");
        JsonNode retry = api.call("POST", "/v2/core/batch_jobs/" + id + "/retry", "{\"only\": \"all\"}");
        assertThat(retry.get("retry_of").asText()).as(retry.toString()).isEqualTo(id);
        assertThat(api.call("POST", "/v2/core/batch_jobs/" + id + "/cancel", null)
                        .at("/error/code")
                        .asText())
                .isEqualTo("batch_job_not_cancelable");
        JsonNode other = api.call(
                "POST",
                "/v2/core/batch_jobs",
                "{\"endpoint\": {\"path\": \"/v1/coupons\", \"http_method\": \"post\"}}");
        assertThat(api.call(
                                "POST",
                                "/v2/core/batch_jobs/" + other.get("id").asText(),
                                "{\"maximum_rps\": 7, \"metadata\": {\"run\": \"openapi\"}}")
                        .get("maximum_rps")
                        .asInt())
                .isEqualTo(7);
        assertThat(api.call("POST", "/v2/core/batch_jobs/" + id + "/pause", null)
                        .at("/error/code")
                        .asText())
                .isEqualTo("batch_job_not_pausable");
        assertThat(api.call("POST", "/v2/core/batch_jobs/" + id + "/resume", null)
                        .at("/error/code")
                        .asText())
                .isEqualTo("batch_job_not_paused");
        assertThat(api.call("POST", "/v2/core/batch_jobs/" + id, "{\"maximum_rps\": 7}")
                        .at("/error/code")
                        .asText())
                .isEqualTo("batch_job_not_updatable");
        assertThat(api.call("POST", "/v2/core/batch_jobs/" + other.get("id").asText() + "/cancel", null)
                        .get("status")
                        .asText())
                .startsWith("cancel");

        // A slow job to pause and resume (each answers the job), then cancel.
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            rows.append("{\"id\": \"s").append(i).append("\", \"path_params\": {\"id\": \"cus_0001\"}}\n");
        }
        String slow = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 1}",
                rows.toString());
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> api.job(slow).get("status").asText().equals("in_progress"));
        assertThat(api.call("POST", "/v2/core/batch_jobs/" + slow + "/pause", null)
                        .get("status")
                        .asText())
                .isEqualTo("paused");
        assertThat(api.call("POST", "/v2/core/batch_jobs/" + slow + "/resume", null)
                        .get("status")
                        .asText())
                .isEqualTo("in_progress");
        api.call("POST", "/v2/core/batch_jobs/" + slow + "/cancel", null);

        JsonNode events = api.call("GET", "/v2/core/events?object_id=" + id, null);
        assertThat(events.get("data")).isNotEmpty();
        api.call("GET", "/v2/core/events/" + events.get("data").get(0).get("id").asText(), null);

        JsonNode destination = api.call(
                "POST",
                "/v2/core/event_destinations",
                "{\"name\": \"openapi\", \"enabled_events\": [\"v2.core.batch_job.*\"], \"webhook_endpoint\": {\"url\":"
                        + " \"" + cloud.apiBaseUrl() + "/_local/webhooks/openapi-" + UUID.randomUUID() + "\"}}");
        String ed = "/v2/core/event_destinations/" + destination.get("id").asText();
        api.call("GET", "/v2/core/event_destinations?limit=5", null);
        api.call("GET", ed + "?include=webhook_endpoint.signing_secret", null);
        api.call("POST", ed, "{\"description\": \"checked against openapi.yaml\"}");
        api.call("POST", ed + "/disable", null);
        api.call("POST", ed + "/enable", null);
        api.call("POST", ed + "/rotate_secret", "{\"expire_previous_secret_in\": 60}");
        api.call("POST", ed + "/ping", null);
        assertThat(api.call("DELETE", ed, null).get("deleted").asBoolean()).isTrue();

        assertThat(api.call("GET", "/api/v1/batch-jobs?per_page=5", null).get("data"))
                .isNotEmpty();
        assertThat(api.call("GET", "/api/v1/batch-jobs/" + id + "/failures?limit=5", null)
                        .get("total_count")
                        .asInt())
                .isEqualTo(1);

        // Errors too: each surface's envelope.
        api.call("GET", "/v2/core/batch_jobs/batchv2_nosuchjob", null);
        api.call("GET", "/api/v1/batch-jobs/batchv2_nosuchjob/failures", null);
        api.call("GET", "/v2/core/nothing_here", null);

        assertThat(OpenApiContract.seen()).containsAll(OpenApiContract.operationKeys());
    }
}
