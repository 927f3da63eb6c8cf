package dev.batchjobs.api;

import dev.batchjobs.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The only two routes that need no API key: {@code GET /healthz} for load balancers (it answers {@code {"status":
 * "ok"}} and touches nothing, so it reveals nothing), and {@code GET /openapi.yaml}, the API's OpenAPI 3.1 document
 * (the jar's {@code openapi.yaml}, read once).
 */
final class PublicResources {
    static final String HEALTH = "/healthz";
    static final String OPENAPI = "/openapi.yaml";
    private static final String DOCUMENT = load();

    private PublicResources() {}

    static List<String> routeKeys() {
        return List.of("GET " + HEALTH, "GET " + OPENAPI);
    }

    /** The answer when the request is a GET of a public route; empty for every other request. */
    static Optional<ApiResponse> serve(ApiRequest request, String requestId) {
        if (!request.method().equals("GET")) {
            return Optional.empty();
        }
        return switch (request.path()) {
            case HEALTH -> Optional.of(Http.json(200, Json.object().put("status", "ok"), requestId, Map.of()));
            case OPENAPI -> {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Content-Type", "application/yaml; charset=utf-8");
                headers.put("Request-Id", requestId);
                headers.put("Cache-Control", "public, max-age=300");
                yield Optional.of(new ApiResponse(200, headers, DOCUMENT));
            }
            default -> Optional.empty();
        };
    }

    static String document() {
        return DOCUMENT;
    }

    private static String load() {
        try (InputStream in = PublicResources.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
