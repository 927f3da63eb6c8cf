package dev.batchjobs.domain.target;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.EndpointRef;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.NotificationScope;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the request for one input row: the endpoint's placeholders filled from {@code path_params}, the
 * body from {@code params}, and the headers every request carries — above all
 * {@code Idempotency-Key: {job id}:{row id}}, so a row sent again after a crash is applied once.
 */
public final class TargetRequests {
    private static final Pattern PLACEHOLDER = Pattern.compile(":([A-Za-z_][A-Za-z0-9_]*)");

    private TargetRequests() {}

    /** The row must have passed the row rules (id, path_params matching the placeholders, params an object). */
    public static TargetRequest build(
            Target target, String jobId, EndpointRef endpoint, NotificationScope scope, JsonNode row) {
        String rowId = row.get("id").textValue();
        JsonNode pathParams = row.path("path_params");
        Matcher matcher = PLACEHOLDER.matcher(endpoint.path());
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String value = pathParams.path(matcher.group(1)).asText("");
            matcher.appendReplacement(path, Matcher.quoteReplacement(encodePathSegment(value)));
        }
        matcher.appendTail(path);

        String base = target.baseUrl().toString();
        URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Idempotency-Key", jobId + ":" + rowId);
        JsonNode context = row.get("context");
        if (context != null && context.isTextual() && !context.textValue().isEmpty()) {
            headers.put(target.contextHeader(), context.textValue());
        }
        if (scope == NotificationScope.ALL) {
            headers.put(target.suppressionHeader(), "all");
        }

        String body = "";
        JsonNode params = row.get("params");
        boolean hasParams = params != null && params.isObject() && params.size() > 0;
        if (endpoint.httpMethod() == HttpMethod.POST || hasParams) {
            if (target.encoding() == TargetEncoding.FORM) {
                headers.put("Content-Type", "application/x-www-form-urlencoded");
                body = FormEncoding.encode(params);
            } else {
                headers.put("Content-Type", "application/json");
                body = params == null || params.isNull() ? "{}" : params.toString();
            }
        }
        return new TargetRequest(endpoint.httpMethod().name(), uri, headers, body);
    }

    /** Percent-encodes a path segment: a {@code /} in an id can never reach another path. */
    static String encodePathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
