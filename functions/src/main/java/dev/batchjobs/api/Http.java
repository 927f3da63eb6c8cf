package dev.batchjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.InvalidParameterException;
import dev.batchjobs.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What both surfaces read from a request beyond its query (key, JSON body) and how they answer. */
final class Http {
    static final int MAX_BODY_BYTES = 64 * 1024;

    private Http() {}

    /**
     * The API key from {@code Authorization: Bearer KEY}, or from {@code Basic base64(KEY:)} as Stripe's
     * {@code curl -u KEY:} sends it. Any other scheme yields an empty token, reported as a missing key.
     */
    static Optional<String> bearerToken(ApiRequest request) {
        return request.header("authorization").map(value -> {
            String[] parts = value.trim().split("\\s+", 2);
            if (parts.length != 2) {
                return "";
            }
            if (parts[0].equalsIgnoreCase("bearer")) {
                return parts[1].trim();
            }
            if (parts[0].equalsIgnoreCase("basic")) {
                try {
                    String decoded = new String(Base64.getDecoder().decode(parts[1].trim()), StandardCharsets.UTF_8);
                    int colon = decoded.indexOf(':');
                    return colon < 0 ? decoded : decoded.substring(0, colon);
                } catch (IllegalArgumentException e) {
                    return "";
                }
            }
            return "";
        });
    }

    /** The body as JSON: at most {@link #MAX_BODY_BYTES}, sent as {@code application/json}; blank is {@code {}}. */
    static JsonNode jsonBody(ApiRequest request) {
        request.bodyProblem().ifPresent(problem -> {
            throw ApiException.invalidJson(problem);
        });
        if (request.body().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw ApiException.tooLarge(MAX_BODY_BYTES);
        }
        if (request.body().isBlank()) {
            return Json.object();
        }
        String contentType = request.header("content-type").orElse("");
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") || !utf8(contentType)) {
            throw ApiException.unsupportedMediaType(contentType);
        }
        return Json.parseBody(request.body());
    }

    /** Whether a content type names no charset, or UTF-8: a body is always read as UTF-8. */
    private static boolean utf8(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
                String charset = pair[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
                return charset.equals("utf-8") || charset.equals("utf8");
            }
        }
        return true;
    }

    /** For actions that take no arguments: no body fields and no query parameters. */
    static void requireEmptyBody(ApiRequest request) {
        JsonNode body = jsonBody(request);
        if (!body.isObject()) {
            throw InvalidParameterException.invalid("request body", "expected an object");
        }
        body.fieldNames().forEachRemaining(name -> {
            throw InvalidParameterException.unknown(name);
        });
        QueryParams.of(request).none();
    }

    /** A JSON answer with the headers every answer carries, then {@code extraHeaders}. */
    static ApiResponse json(int status, JsonNode body, String requestId, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("Request-Id", requestId);
        headers.put("Cache-Control", "no-store");
        headers.putAll(extraHeaders);
        return new ApiResponse(status, headers, Json.write(body));
    }
}
