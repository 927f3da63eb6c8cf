package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.aws.DynamoDbApiKeyStore;
import dev.batchjobs.aws.S3InputStorage;
import dev.batchjobs.domain.ApiKeyService;
import dev.batchjobs.domain.PresignedUrl;
import dev.batchjobs.local.SharedLocalCloud;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The job API over real HTTP on the local cloud: real handler, DynamoDB Local, S3Proxy with SigV4. */
class JobApiIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String VERSION = "2026-04-22.preview";
    private static final String CREATE = """
            {"endpoint": {"path": "/v1/customers/:id", "http_method": "post"}, "maximum_rps": 20,
             "metadata": {"run": "it"}}""";

    private final ApiKeyService keys = new ApiKeyService(
            new DynamoDbApiKeyStore(LocalClients.dynamoDb(), LocalClients.API_KEYS_TABLE), Clock.systemUTC());
    private final String account =
            "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final String key = keys.issue(account, false).secret();

    private record Reply(int status, JsonNode body) {
        String code() {
            return body.path("error").path("code").asText(null);
        }
    }

    private Reply call(String method, String path, String key, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(SharedLocalCloud.get().apiBaseUrl() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Stripe-Version", VERSION);
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
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

    private JsonNode create() throws Exception {
        Reply reply = call("POST", "/v2/core/batch_jobs", key, CREATE);
        assertThat(reply.status()).isEqualTo(200);
        return reply.body();
    }

    private static int put(String url, String content) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "application/octet-stream")
                                .PUT(HttpRequest.BodyPublishers.ofString(content))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void aJobIsCreatedAndItsFileUploadedWithAPlainPutToThePresignedUrl() throws Exception {
        JsonNode job = create();
        String id = job.get("id").asText();
        JsonNode upload = job.at("/status_details/ready_for_upload/upload_url");
        String content = "{\"id\": \"r1\", \"path_params\": {\"id\": \"cus_0001\"}, \"params\": {\"name\": \"A\"}}\n";

        assertThat(put(upload.get("url").asText(), content)).isEqualTo(200);

        var head = LocalClients.s3()
                .headObject(b -> b.bucket(LocalClients.BUCKET).key("inputs/" + account + "/" + id + "/input"));
        assertThat(head.contentLength()).isEqualTo(content.getBytes(StandardCharsets.UTF_8).length);
        // The URL works for 5 minutes from its signing second (SigV4 dates are whole seconds).
        Instant fiveMinutesOn = Instant.parse(job.get("created").asText()).plus(Duration.ofMinutes(5));
        assertThat(Instant.parse(upload.get("expires_at").asText()))
                .isBetween(fiveMinutesOn.minusSeconds(1), fiveMinutesOn);
    }

    @Test
    void aTamperedUploadUrlIsRefused() throws Exception {
        String url =
                create().at("/status_details/ready_for_upload/upload_url/url").asText();
        String signature = url.replaceAll(".*X-Amz-Signature=([0-9a-f]+).*", "$1");
        String flipped = (signature.charAt(0) == 'a' ? "b" : "a") + signature.substring(1);
        String otherJob = url.replaceAll("batchv2_[A-Za-z0-9]+", "batchv2_" + "A".repeat(26));

        assertThat(put(url.replace(signature, flipped), "x")).isEqualTo(403);
        assertThat(put(otherJob, "x")).isEqualTo(403);
    }

    @Test
    void anExpiredUploadUrlIsRefused() throws Exception {
        S3InputStorage storage = new S3InputStorage(LocalClients.presigner(), LocalClients.s3(), LocalClients.BUCKET);
        PresignedUrl url =
                storage.presignUpload("inputs/" + account + "/batchv2_expiring/input", Duration.ofSeconds(1));

        // Wait, without touching the URL, until it has expired (S3 counts in whole seconds).
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Instant.now().isAfter(url.expiresAt().plusSeconds(1)));

        assertThat(put(url.url(), "late")).isEqualTo(403);
        assertThat(LocalClients.s3()
                        .listObjectsV2(
                                b -> b.bucket(LocalClients.BUCKET).prefix("inputs/" + account + "/batchv2_expiring"))
                        .contents())
                .isEmpty();
    }

    @Test
    void cancelBeforeUploadEndsTheJobAndRepeatsHarmlessly() throws Exception {
        String id = create().get("id").asText();

        Reply canceled = call("POST", "/v2/core/batch_jobs/" + id + "/cancel", key, null);
        Reply again = call("POST", "/v2/core/batch_jobs/" + id + "/cancel", key, null);
        Reply retrieved = call("GET", "/v2/core/batch_jobs/" + id, key, null);

        assertThat(canceled.body().get("status").asText()).isEqualTo("canceled");
        assertThat(again.body()).isEqualTo(canceled.body());
        assertThat(retrieved.body().get("status").asText()).isEqualTo("canceled");
    }

    @Test
    void listingPagesNewestFirstAndFiltersByStatus() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, create().get("id").asText());
        }
        call("POST", "/v2/core/batch_jobs/" + ids.get(2) + "/cancel", key, null);

        List<String> seen = new ArrayList<>();
        String next = "/v2/core/batch_jobs?limit=2";
        int pages = 0;
        while (next != null) {
            Reply page = call("GET", next, key, null);
            assertThat(page.status()).isEqualTo(200);
            page.body().get("data").forEach(job -> seen.add(job.get("id").asText()));
            next = page.body().get("next_page_url").isNull()
                    ? null
                    : page.body().get("next_page_url").asText();
            pages++;
        }
        Reply canceled = call("GET", "/v2/core/batch_jobs?status=canceled&status=complete", key, null);
        Reply ready = call("GET", "/v2/core/batch_jobs?status=ready_for_upload&limit=100", key, null);

        assertThat(seen).isEqualTo(ids);
        assertThat(pages).isEqualTo(3);
        assertThat(canceled.body().get("data").findValuesAsText("id")).containsExactly(ids.get(2));
        assertThat(ready.body().get("data").size()).isEqualTo(4);
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameJobAndAnotherBodyIsRefused() throws Exception {
        String idempotencyKey = UUID.randomUUID().toString();

        Reply first = call("POST", "/v2/core/batch_jobs", key, CREATE, "Idempotency-Key", idempotencyKey);
        Reply second = call("POST", "/v2/core/batch_jobs", key, CREATE, "Idempotency-Key", idempotencyKey);
        Reply different =
                call("POST", "/v2/core/batch_jobs", key, CREATE.replace("20", "21"), "Idempotency-Key", idempotencyKey);

        assertThat(second.body()).isEqualTo(first.body());
        assertThat(different.status()).isEqualTo(400);
        assertThat(different.code()).isEqualTo("idempotency_key_in_use");
        assertThat(call("GET", "/v2/core/batch_jobs?limit=100", key, null)
                        .body()
                        .get("data")
                        .size())
                .isEqualTo(1);
    }

    @Test
    void errorsComeInTheEnvelopeOverHttp() throws Exception {
        assertThat(call("POST", "/v2/core/batch_jobs", null, CREATE).status()).isEqualTo(401);
        assertThat(call("POST", "/v2/core/batch_jobs", "sk_test_" + "x".repeat(40), CREATE)
                        .code())
                .isEqualTo("api_key_invalid");
        assertThat(call("POST", "/v2/core/batch_jobs", key, CREATE.replace("/v1/customers/:id", "/v1/charges"))
                        .code())
                .isEqualTo("batch_api_unsupported_endpoint");
        assertThat(call("POST", "/v2/core/batch_jobs", key, CREATE.replace("20", "500"))
                        .code())
                .isEqualTo("batch_api_invalid_maximum_rps");
        assertThat(call("POST", "/v2/core/batch_jobs", key, "{\"endpoint\": ").code())
                .isEqualTo("invalid_json");
        assertThat(call("GET", "/v2/core/elsewhere", key, null).code()).isEqualTo("unrecognized_request_url");
        assertThat(call("DELETE", "/v2/core/batch_jobs", key, null).code()).isEqualTo("method_not_allowed");

        HttpResponse<String> noVersion = HTTP.send(
                HttpRequest.newBuilder(URI.create(SharedLocalCloud.get().apiBaseUrl() + "/v2/core/batch_jobs"))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(CREATE))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(MAPPER.readTree(noVersion.body()).at("/error/code").asText())
                .isEqualTo("stripe_api_version_not_provided");
    }

    @Test
    void twoAccountsNeverSeeEachOthersJobs() throws Exception {
        String id = create().get("id").asText();
        String otherKey = keys.issue(account + "_other", false).secret();

        assertThat(call("GET", "/v2/core/batch_jobs/" + id, otherKey, null).status())
                .isEqualTo(404);
        assertThat(call("POST", "/v2/core/batch_jobs/" + id + "/cancel", otherKey, null)
                        .status())
                .isEqualTo(404);
        assertThat(call("GET", "/v2/core/batch_jobs?limit=100", otherKey, null)
                        .body()
                        .get("data")
                        .size())
                .isZero();
        assertThat(call("GET", "/v2/core/batch_jobs/" + id, key, null)
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("ready_for_upload");
    }

    static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
