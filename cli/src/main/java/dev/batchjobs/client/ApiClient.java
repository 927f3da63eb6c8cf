package dev.batchjobs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Batch Jobs API over plain {@code java.net.http}: bearer key, {@code Stripe-Version}, JSON in and out, and
 * every failure (an error envelope, a refused connection, a body that is not JSON) turned into one {@link ApiError}.
 */
final class ApiClient {
    static final String STRIPE_VERSION = "2026-04-22.preview";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String key;
    private final HttpClient http;

    ApiClient(URI base, String key) {
        this.base = base;
        this.key = key;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    JsonNode get(String path) {
        return call("GET", path, null);
    }

    JsonNode post(String path, JsonNode body) {
        return call("POST", path, body);
    }

    /** {@code path?name=value&...}, each value encoded, repeated names kept. */
    static String query(String path, List<Map.Entry<String, String>> params) {
        if (params.isEmpty()) {
            return path;
        }
        return path + "?"
                + params.stream()
                        .map(p -> encode(p.getKey()) + "=" + encode(p.getValue()))
                        .collect(Collectors.joining("&"));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private JsonNode call(String method, String path, JsonNode body) {
        URI uri = base.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + key)
                .header("Stripe-Version", STRIPE_VERSION)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> response = send(request.build(), HttpResponse.BodyHandlers.ofString(), uri);
        JsonNode json;
        try {
            json = MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new ApiError(method + " " + uri + " answered HTTP " + response.statusCode()
                    + " with a body that is not JSON: is " + base + " the Batch Jobs API?");
        }
        if (response.statusCode() / 100 != 2) {
            throw new ApiError(errorLine(response.statusCode(), json));
        }
        return json;
    }

    /** {@code HTTP 404 resource_missing: No such batch job: 'bj_x'} from either error envelope. */
    static String errorLine(int status, JsonNode json) {
        JsonNode error = json.has("error") ? json.get("error") : json;
        String code = error.path("code").asText("");
        String message = error.path("message").asText("(no message)");
        return "HTTP " + status + (code.isEmpty() ? "" : " " + code) + ": " + message;
    }

    /** PUTs a file to a presigned upload URL (no API key: the URL carries its own signature). */
    void upload(String url, Path file) {
        URI uri = URI.create(url);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofMinutes(30))
                    .PUT(HttpRequest.BodyPublishers.ofFile(file))
                    .build();
        } catch (IOException e) {
            throw new ApiError("cannot read " + file + ": " + e.getMessage());
        }
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(), uri);
        if (response.statusCode() / 100 != 2) {
            throw new ApiError(
                    "the upload was refused: HTTP " + response.statusCode() + " " + firstLine(response.body()));
        }
    }

    /** GETs a presigned download URL into {@code target} (written whole or not at all). */
    void download(String url, Path target) {
        URI uri = URI.create(url);
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        HttpResponse<Path> response = send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).build(),
                HttpResponse.BodyHandlers.ofFile(partial),
                uri);
        try {
            if (response.statusCode() / 100 != 2) {
                String body = Files.readString(partial);
                Files.deleteIfExists(partial);
                throw new ApiError("the download was refused: HTTP " + response.statusCode() + " " + firstLine(body));
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ApiError("cannot write " + target + ": " + e.getMessage());
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, URI uri) {
        try {
            return http.send(request, handler);
        } catch (ConnectException e) {
            throw new ApiError("cannot connect to " + uri.getScheme() + "://" + uri.getAuthority()
                    + " (is it running? set --api-url or BATCHJOBS_API_URL)");
        } catch (HttpTimeoutException e) {
            throw new ApiError(request.method() + " " + uri + " did not answer in time");
        } catch (IOException e) {
            throw new ApiError(request.method() + " " + uri + " failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError("interrupted");
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String firstLine(String body) {
        String trimmed = body == null ? "" : body.strip();
        int end = trimmed.indexOf('\n');
        String line = end < 0 ? trimmed : trimmed.substring(0, end);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
