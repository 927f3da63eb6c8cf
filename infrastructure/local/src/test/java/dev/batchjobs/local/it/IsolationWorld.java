package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.aws.DynamoDbApiKeyStore;
import dev.batchjobs.domain.ApiKeyService;
import dev.batchjobs.domain.IssuedApiKey;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Two accounts on the shared local cloud, each with a finished job (some rows failed, so both a results file and an
 * error file), its events and a webhook destination: the objects {@link IsolationMatrixIT} tries to reach from the
 * wrong side. Account A also has a live key, a revoked key, and an idempotency key it created its job with.
 */
final class IsolationWorld {
    static final String STRIPE_VERSION = "2026-04-22.preview";
    static final String IDEMPOTENCY_KEY = "isolation-" + UUID.randomUUID();
    static final String CREATE_JOB = """
            {"endpoint": {"path": "/v1/customers/:id", "http_method": "post"}, "maximum_rps": 50,
             "metadata": {"run": "isolation"}}""";
    static final String CREATE_DESTINATION = """
            {"name": "ops", "type": "webhook_endpoint", "event_payload": "thin",
             "enabled_events": ["v2.core.batch_job.*"], "webhook_endpoint": {"url": "http://localhost:9/x"}}""";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One account's objects, as its own key sees them. */
    record Owned(
            String account,
            String key,
            String job,
            String chunk,
            String event,
            String destination,
            String outputUrl,
            String errorFileUrl) {}

    /** An answer: status, raw body, parsed body. */
    record Reply(int status, String raw, JsonNode body) {}

    final LocalCloud cloud = SharedLocalCloud.get();
    final Owned a;
    final Owned b;
    final String aLiveKey;
    final String aRevokedKey;

    IsolationWorld() throws Exception {
        ApiKeyService keys = new ApiKeyService(
                new DynamoDbApiKeyStore(LocalClients.dynamoDb(), LocalClients.API_KEYS_TABLE), Clock.systemUTC());
        String accountA = "acct_isoa_" + UUID.randomUUID().toString().substring(0, 8);
        String accountB = "acct_isob_" + UUID.randomUUID().toString().substring(0, 8);
        a = owned(accountA, keys.issue(accountA, false).secret(), true);
        b = owned(accountB, keys.issue(accountB, false).secret(), false);
        aLiveKey = keys.issue(accountA, true).secret();
        IssuedApiKey revoked = keys.issue(accountA, false);
        assertThat(call("GET", "/v2/core/batch_jobs", revoked.secret(), null).status())
                .isEqualTo(200);
        assertThat(keys.revoke(revoked.record().keyId())).isTrue();
        aRevokedKey = revoked.secret();
    }

    private Owned owned(String account, String key, boolean withIdempotencyKey) throws Exception {
        Reply created = withIdempotencyKey
                ? call("POST", "/v2/core/batch_jobs", key, CREATE_JOB, "Idempotency-Key", IDEMPOTENCY_KEY)
                : call("POST", "/v2/core/batch_jobs", key, CREATE_JOB);
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        String job = created.body().get("id").asText();
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= 6; i++) {
            String customer = i % 3 == 0 ? "cus_nobody" + i : String.format("cus_%04d", i);
            file.append("{\"id\": \"r").append(i).append("\", \"path_params\": {\"id\": \"");
            file.append(customer).append("\"}, \"params\": {\"metadata\": {\"iso\": \"1\"}}}\n");
        }
        assertThat(LocalApi.put(
                        created.body()
                                .at("/status_details/ready_for_upload/upload_url/url")
                                .asText(),
                        file.toString()))
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> call("GET", "/v2/core/batch_jobs/" + job, key, null)
                        .body()
                        .path("status")
                        .asText()
                        .equals("complete"));
        JsonNode done = call("GET", "/v2/core/batch_jobs/" + job, key, null).body();
        JsonNode details = done.at("/status_details/complete");
        String chunk = call("GET", "/v2/core/batch_jobs/" + job + "/failures", key, null)
                .body()
                .at("/data/0/chunk_id")
                .asText();
        String event = call("GET", "/v2/core/events?object_id=" + job, key, null)
                .body()
                .at("/data/0/id")
                .asText();
        Reply destination = call("POST", "/v2/core/event_destinations", key, CREATE_DESTINATION);
        assertThat(destination.status()).as(destination.raw()).isEqualTo(200);
        Owned owned = new Owned(
                account,
                key,
                job,
                chunk,
                event,
                destination.body().get("id").asText(),
                details.at("/output_file/download_url/url").asText(),
                details.at("/error_file/download_url/url").asText());
        assertThat(owned.chunk()).startsWith("bjch_");
        assertThat(owned.event()).isNotEmpty();
        assertThat(owned.outputUrl()).contains(account);
        assertThat(owned.errorFileUrl()).contains(account);
        return owned;
    }

    /** A request with {@code authorization} as the Authorization header's whole value (null: no header). */
    Reply raw(String method, String path, String authorization, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cloud.apiBaseUrl() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Stripe-Version", STRIPE_VERSION);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), MAPPER.readTree(response.body()));
    }

    Reply call(String method, String path, String key, String body, String... headers) throws Exception {
        return raw(method, path, "Bearer " + key, body, headers);
    }

    static int get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
