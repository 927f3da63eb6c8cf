package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.local.LocalCloud;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The job API of one local cloud, as a client uses it, with the cloud's own start-up key. */
final class LocalApi {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LocalCloud cloud;
    private final String key;

    LocalApi(LocalCloud cloud) {
        this(cloud, cloud.apiKey());
    }

    /** The API as the holder of {@code key} (another account) sees it. */
    LocalApi(LocalCloud cloud, String key) {
        this.cloud = cloud;
        this.key = key;
    }

    JsonNode call(String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(method, path, body);
        return MAPPER.readTree(response.body());
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return sendWithIdempotencyKey(method, path, body, null);
    }

    /** A request with an {@code Idempotency-Key} header (none when null). */
    HttpResponse<String> sendWithIdempotencyKey(String method, String path, String body, String idempotencyKey)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.apiBaseUrl().resolve(path))
                .header("Authorization", "Bearer " + key)
                .header("Stripe-Version", "2026-04-22.preview")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return checked(method, path, HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Every answer an integration test receives must conform to the OpenAPI document. */
    static HttpResponse<String> checked(String method, String path, HttpResponse<String> response) {
        assertThat(OpenApiContract.violations(
                        method,
                        path,
                        response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(null),
                        response.body()))
                .as("the response to %s %s, against openapi.yaml", method, path)
                .isEmpty();
        return response;
    }

    JsonNode job(String id) throws Exception {
        return call("GET", "/v2/core/batch_jobs/" + id, null);
    }

    /** Creates a job and uploads its file with a plain PUT to the presigned URL; returns the job's id. */
    String createAndUpload(String create, String file) throws Exception {
        JsonNode job = call("POST", "/v2/core/batch_jobs", create);
        assertThat(put(job.at("/status_details/ready_for_upload/upload_url/url").asText(), file))
                .isEqualTo(200);
        return job.get("id").asText();
    }

    static int put(String url, String content) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .PUT(HttpRequest.BodyPublishers.ofString(content))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    static String download(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
