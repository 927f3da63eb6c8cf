package dev.batchjobs.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API Gateway's HTTP API on loopback: each request is matched to a route that template.yaml declares, turned
 * into a payload format 2.0 event and given to the route's handler, as API Gateway would. Exact routes win
 * over the {@code $default} catch-all; a path that matches a route but not its method goes to
 * {@code $default}, as on AWS.
 */
final class LocalHttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalHttpApi.class);
    /** API Gateway's limit on a request body. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    /** One route: {@code method} (or ANY), a path template, and the function behind it. */
    record Route(String method, String path, Pattern pattern, List<String> parameters, LocalFunction function) {
        static Route of(String method, String path, LocalFunction function) {
            List<String> names = new ArrayList<>();
            Matcher matcher = Pattern.compile("\\{([^}+]+)\\+?}").matcher(path);
            StringBuilder regex = new StringBuilder("^");
            int last = 0;
            while (matcher.find()) {
                regex.append(Pattern.quote(path.substring(last, matcher.start())));
                regex.append(matcher.group().endsWith("+}") ? "(.+)" : "([^/]+)");
                names.add(matcher.group(1));
                last = matcher.end();
            }
            regex.append(Pattern.quote(path.substring(last))).append("$");
            return new Route(method.toUpperCase(Locale.ROOT), path, Pattern.compile(regex.toString()), names, function);
        }

        String routeKey() {
            return method + " " + path;
        }
    }

    /** A handler and how it is invoked. */
    record LocalFunction(
            String name,
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
            int memoryMb,
            int timeoutSeconds) {}

    private final LoopbackServer server;

    private LocalHttpApi(LoopbackServer server) {
        this.server = server;
    }

    static LocalHttpApi start(int port, List<Route> routes, LocalFunction fallback) throws IOException {
        LoopbackServer server = LoopbackServer.bind(port, 128, 16, "local-http-api");
        WebhookInbox inbox = new WebhookInbox();
        server.handle("/", exchange -> serve(exchange, routes, fallback))
                .handle(WebhookInbox.PREFIX, inbox::handle)
                .start();
        return new LocalHttpApi(server);
    }

    URI baseUrl() {
        return server.baseUrl();
    }

    private static void serve(HttpExchange exchange, List<Route> routes, LocalFunction fallback) throws IOException {
        byte[] body = LoopbackServer.readBody(exchange, MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            LoopbackServer.respond(exchange, 413, "application/json", "{\"message\":\"Request Entity Too Large\"}");
            return;
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        Route matched = null;
        Map<String, String> pathParameters = new LinkedHashMap<>();
        for (Route route : routes) {
            Matcher matcher = route.pattern().matcher(path);
            if (matcher.matches()
                    && (route.method().equals(method) || route.method().equals("ANY"))) {
                matched = route;
                for (int i = 0; i < route.parameters().size(); i++) {
                    pathParameters.put(route.parameters().get(i), matcher.group(i + 1));
                }
                break;
            }
        }
        LocalFunction function = matched != null ? matched.function() : fallback;
        if (function == null) {
            LoopbackServer.respond(exchange, 404, "application/json", "{\"message\":\"Not Found\"}");
            return;
        }
        String routeKey = matched != null ? matched.routeKey() : "$default";
        APIGatewayV2HTTPEvent event = event(exchange, method, path, routeKey, pathParameters, body);
        APIGatewayV2HTTPResponse response;
        try {
            response = function.handler()
                    .handleRequest(
                            event, new LocalContext(function.name(), function.memoryMb(), function.timeoutSeconds()));
        } catch (RuntimeException e) {
            // As API Gateway does when the integration fails: no detail leaves the server.
            LOG.error("Function {} failed on {} {}", function.name(), method, path, e);
            LoopbackServer.respond(
                    exchange,
                    500,
                    "application/json",
                    "{\"error\":{\"type\":\"api_error\",\"code\":\"internal_error\",\"message\":\"Internal Server Error\"}}");
            return;
        }
        byte[] out = response.getBody() == null
                ? new byte[0]
                : response.getIsBase64Encoded()
                        ? Base64.getDecoder().decode(response.getBody())
                        : response.getBody().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
        LoopbackServer.respond(exchange, response.getStatusCode(), headers, out);
    }

    private static APIGatewayV2HTTPEvent event(
            HttpExchange exchange,
            String method,
            String path,
            String routeKey,
            Map<String, String> pathParameters,
            byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                values.forEach(v -> cookies.addAll(List.of(v.split(";\\s*"))));
            } else {
                headers.put(lower, String.join(",", values));
            }
        });
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                // API Gateway joins repeated parameters with commas.
                query.merge(name, value, (a, b) -> a + "," + b);
            }
        }
        String contentType = headers.getOrDefault("content-type", "");
        // Bytes that are not UTF-8 travel base64-encoded, so the function sees them as they came, not mended.
        boolean textual = (contentType.isEmpty()
                        || contentType.startsWith("text/")
                        || contentType.contains("json")
                        || contentType.contains("xml")
                        || contentType.contains("x-www-form-urlencoded"))
                && isUtf8(body);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withBody(
                        body.length == 0
                                ? null
                                : textual
                                        ? new String(body, StandardCharsets.UTF_8)
                                        : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !textual)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId(LocalAws.ACCOUNT_ID)
                        .withApiId("local")
                        .withDomainName("127.0.0.1")
                        .withDomainPrefix("local")
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toInstant().toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(path)
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(sourceIp)
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .build();
    }

    @Override
    public void close() {
        server.close();
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
