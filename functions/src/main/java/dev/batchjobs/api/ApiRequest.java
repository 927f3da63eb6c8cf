package dev.batchjobs.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as the API sees it, whatever carried it (API Gateway, the local cloud).
 *
 * @param headers header names in lower case
 * @param query   every value of every query parameter, in order, decoded
 * @param body    the body as text, empty when there is none
 * @param bodyProblem why the body's bytes are not text (not valid UTF-8, and where), when they are not
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, String> headers,
        Map<String, List<String>> query,
        String body,
        String requestId,
        Optional<String> bodyProblem) {
    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
        body = body == null ? "" : body;
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(bodyProblem, "bodyProblem");
    }

    /** A request whose body is text. */
    public ApiRequest(
            String method,
            String path,
            Map<String, String> headers,
            Map<String, List<String>> query,
            String body,
            String requestId) {
        this(method, path, headers, query, body, requestId, Optional.empty());
    }

    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }
}
