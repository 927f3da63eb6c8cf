package dev.batchjobs.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.batchjobs.api.ApiRequest;
import dev.batchjobs.api.ApiResponse;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Translates API Gateway HTTP API payload 2.0 events to the API's request and response. */
final class HttpEvents {
    private static final Pattern INDEXED = Pattern.compile("(.+)\\[\\d*\\]");

    private HttpEvents() {}

    static ApiRequest toRequest(APIGatewayV2HTTPEvent event, Context context) {
        var http = event.getRequestContext() == null
                ? null
                : event.getRequestContext().getHttp();
        String method = http != null && http.getMethod() != null ? http.getMethod() : "GET";
        String path = event.getRawPath() != null ? event.getRawPath() : http != null ? http.getPath() : "/";

        Map<String, String> headers = new LinkedHashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        }
        String body = event.getBody() == null ? "" : event.getBody();
        Optional<String> bodyProblem = Optional.empty();
        if (event.getIsBase64Encoded() && !body.isEmpty()) {
            byte[] bytes = Base64.getDecoder().decode(body);
            try {
                body = StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                body = "";
                bodyProblem = Optional.of("the body is not valid UTF-8 (at byte " + firstInvalidByte(bytes) + ").");
            }
        }
        String requestId =
                event.getRequestContext() != null && event.getRequestContext().getRequestId() != null
                        ? event.getRequestContext().getRequestId()
                        : context != null ? context.getAwsRequestId() : "unknown";
        return new ApiRequest(
                method.toUpperCase(Locale.ROOT),
                path,
                headers,
                query(event.getRawQueryString()),
                body,
                requestId,
                bodyProblem);
    }

    /** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
    private static int firstInvalidByte(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }

    /**
     * Parses the raw query string rather than {@code queryStringParameters}, which joins repeated keys
     * with commas and so loses the difference between {@code a=1&a=2} and {@code a=1,2}.
     */
    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            // A repeated parameter may be spelled types=a&types=b, types[]=a or types[0]=a: all are one list.
            Matcher indexed = INDEXED.matcher(name);
            if (indexed.matches()) {
                name = indexed.group(1);
            }
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    static APIGatewayV2HTTPResponse toResponse(ApiResponse response) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }
}
