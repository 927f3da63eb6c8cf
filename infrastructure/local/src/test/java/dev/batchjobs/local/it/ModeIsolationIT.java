package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.aws.DynamoDbApiKeyStore;
import dev.batchjobs.domain.ApiKeyService;
import dev.batchjobs.local.SharedLocalCloud;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Test and live mode of one account over real HTTP on the local cloud (DynamoDB Local, the template's tables and
 * indexes): a live key sees nothing of the account's test world, and an idempotency key is per mode.
 */
class ModeIsolationIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CREATE = """
            {"endpoint": {"path": "/v1/customers/:id", "http_method": "post"}, "metadata": {"run": "modes"}}""";
    private static final String DESTINATION = """
            {"name": "ops", "type": "webhook_endpoint", "event_payload": "thin",
             "enabled_events": ["v2.core.batch_job.*"], "webhook_endpoint": {"url": "http://localhost:9/x"}}""";

    private final ApiKeyService keys = new ApiKeyService(
            new DynamoDbApiKeyStore(LocalClients.dynamoDb(), LocalClients.API_KEYS_TABLE), Clock.systemUTC());
    private final String account =
            "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final String testKey = keys.issue(account, false).secret();
    private final String liveKey = keys.issue(account, true).secret();

    private record Reply(int status, JsonNode body) {}

    private Reply call(String method, String path, String key, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(SharedLocalCloud.get().apiBaseUrl() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Stripe-Version", "2026-04-22.preview")
                .header("Authorization", "Bearer " + key);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response =
                LocalApi.checked(method, path, HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        return new Reply(response.statusCode(), MAPPER.readTree(response.body()));
    }

    private static void assertMissing(Reply reply) {
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().path("error").path("code").asText()).isEqualTo("resource_missing");
    }

    @Test
    void aLiveKeySeesNothingOfItsAccountsTestWorld() throws Exception {
        Reply created = call("POST", "/v2/core/batch_jobs", testKey, CREATE, "Idempotency-Key", "modes-1");
        assertThat(created.status()).isEqualTo(200);
        String job = created.body().get("id").asText();
        String event = call("GET", "/v2/core/events?object_id=" + job, testKey, null)
                .body()
                .get("data")
                .get(0)
                .get("id")
                .asText();
        String destination = call("POST", "/v2/core/event_destinations", testKey, DESTINATION)
                .body()
                .get("id")
                .asText();

        assertMissing(call("GET", "/v2/core/batch_jobs/" + job, liveKey, null));
        assertMissing(call("POST", "/v2/core/batch_jobs/" + job + "/cancel", liveKey, null));
        assertThat(call("GET", "/v2/core/batch_jobs", liveKey, null).body().get("data"))
                .isEmpty();
        assertThat(call("GET", "/api/v1/batch-jobs", liveKey, null).body().get("data"))
                .isEmpty();
        assertMissing(call("GET", "/v2/core/events/" + event, liveKey, null));
        assertThat(call("GET", "/v2/core/events", liveKey, null).body().get("data"))
                .isEmpty();
        assertMissing(call("GET", "/v2/core/event_destinations/" + destination, liveKey, null));
        assertMissing(call("POST", "/v2/core/event_destinations/" + destination + "/disable", liveKey, null));
        assertMissing(call("DELETE", "/v2/core/event_destinations/" + destination, liveKey, null));

        Reply live = call("POST", "/v2/core/batch_jobs", liveKey, CREATE, "Idempotency-Key", "modes-1");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body().get("id").asText()).isNotEqualTo(job);
        assertThat(live.body().get("livemode").asBoolean()).isTrue();
        assertThat(call("GET", "/v2/core/batch_jobs", liveKey, null)
                        .body()
                        .get("data")
                        .findValuesAsText("id"))
                .containsExactly(live.body().get("id").asText());
        assertThat(call("GET", "/v2/core/batch_jobs/" + job, testKey, null)
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("ready_for_upload");
        assertThat(call("GET", "/v2/core/event_destinations/" + destination, testKey, null)
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("enabled");
    }
}
