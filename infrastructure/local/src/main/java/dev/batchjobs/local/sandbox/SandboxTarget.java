package dev.batchjobs.local.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.batchjobs.local.LoopbackServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Stripe's batch endpoints, on loopback, so a job on the local cloud has something real to
 * change: form or JSON bodies, Stripe's error envelope, and {@code Idempotency-Key} honoured (the same key
 * replays the first response; the same key with other parameters is a 400 {@code idempotency_error}).
 * It records when each request arrived, for rate tests and benchmarks.
 */
public final class SandboxTarget implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern CUSTOMER = Pattern.compile("/v1/customers/([^/]+)");
    private static final Pattern SUBSCRIPTION = Pattern.compile("/v1/subscriptions/([^/]+)");
    private static final Pattern MIGRATE = Pattern.compile("/v1/subscriptions/([^/]+)/migrate");
    private static final Pattern PROMOTION_CODE = Pattern.compile("/v1/promotion_codes/([^/]+)");
    private static final Pattern ACCOUNT = Pattern.compile("/v1/accounts/([^/]+)");

    private record Replay(String fingerprint, int status, String body) {}

    private final SandboxStore store = new SandboxStore();
    private final Map<String, Replay> idempotency = new ConcurrentHashMap<>();
    private final List<Instant> arrivals = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    private final List<String> unavailable = new CopyOnWriteArrayList<>();
    private final LoopbackServer server;

    private SandboxTarget(LoopbackServer server) {
        this.server = server;
    }

    /** Starts on 127.0.0.1; port 0 picks a free one. */
    public static SandboxTarget start(int port) throws IOException {
        LoopbackServer server = LoopbackServer.bind(port, 256, 32, "sandbox-target");
        SandboxTarget target = new SandboxTarget(server);
        server.handle("/", target::handle).start();
        return target;
    }

    public URI baseUrl() {
        return server.baseUrl();
    }

    /** When each request arrived, in order. */
    public List<Instant> arrivals() {
        return new ArrayList<>(arrivals);
    }

    /** The Authorization header of each request that carried one, in order. */
    public List<String> authorizations() {
        return new ArrayList<>(authorizations);
    }

    /** The Idempotency-Key of each request that carried one, in order of arrival (a replay counts too). */
    /**
     * From now on, every request whose path contains {@code pathPart} answers 503 (as an overloaded API does), until
     * {@link #recover}: for trying what a job does with failures that are worth a retry.
     */
    public void answerUnavailable(String pathPart) {
        unavailable.add(pathPart);
    }

    /** Requests whose path contains {@code pathPart} are served again. */
    public void recover(String pathPart) {
        unavailable.remove(pathPart);
    }

    public List<String> idempotencyKeys() {
        return new ArrayList<>(idempotencyKeys);
    }

    private void handle(HttpExchange exchange) throws IOException {
        arrivals.add(Instant.now());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            authorizations.add(authorization);
        }
        String body = new String(LoopbackServer.readBody(exchange), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key != null) {
            idempotencyKeys.add(key);
        }
        String fingerprint = method + " " + path + " " + body;
        if (key != null) {
            Replay replay = idempotency.get(key);
            if (replay != null) {
                if (replay.fingerprint().equals(fingerprint)) {
                    exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
                    LoopbackServer.respond(exchange, replay.status(), "application/json", replay.body());
                } else {
                    LoopbackServer.respond(
                            exchange,
                            400,
                            "application/json",
                            error(new SandboxStore.StripeError(
                                    400,
                                    "idempotency_error",
                                    "idempotency_key_in_use",
                                    null,
                                    "Keys for idempotent requests can only "
                                            + "be used with the same parameters they were first used with.")));
                }
                return;
            }
        }
        if (unavailable.stream().anyMatch(path::contains)) {
            LoopbackServer.respond(
                    exchange,
                    503,
                    "application/json",
                    error(new SandboxStore.StripeError(
                            503, "api_error", null, null, "The sandbox is unavailable for this path.")));
            return;
        }
        int status;
        String response;
        try {
            JsonNode params = params(exchange, body);
            response = MAPPER.writeValueAsString(route(method, path, params));
            status = 200;
        } catch (SandboxStore.StripeError e) {
            status = e.status;
            response = error(e);
        } catch (RuntimeException e) {
            status = 400;
            response = error(new SandboxStore.StripeError(
                    400, "invalid_request_error", "parameter_invalid", null, "Invalid request: " + e.getMessage()));
        }
        if (key != null && status < 500) {
            idempotency.putIfAbsent(key, new Replay(fingerprint, status, response));
        }
        LoopbackServer.respond(exchange, status, "application/json", response);
    }

    private ObjectNode route(String method, String path, JsonNode params) {
        Matcher m;
        if (method.equals("DELETE") && (m = SUBSCRIPTION.matcher(path)).matches()) {
            return store.cancelSubscription(m.group(1), params);
        }
        if (!method.equals("POST")) {
            throw unrecognized(method, path);
        }
        if ((m = MIGRATE.matcher(path)).matches()) {
            return store.migrateSubscription(m.group(1), params);
        }
        if ((m = SUBSCRIPTION.matcher(path)).matches()) {
            return store.updateSubscription(m.group(1), params);
        }
        if ((m = CUSTOMER.matcher(path)).matches()) {
            return store.updateCustomer(m.group(1), params);
        }
        if ((m = ACCOUNT.matcher(path)).matches()) {
            return store.updateAccount(m.group(1), params);
        }
        if (path.equals("/v1/coupons")) {
            return store.createCoupon(params);
        }
        if (path.equals("/v1/promotion_codes")) {
            return store.createPromotionCode(params);
        }
        if ((m = PROMOTION_CODE.matcher(path)).matches()) {
            return store.updatePromotionCode(m.group(1), params);
        }
        throw unrecognized(method, path);
    }

    private static SandboxStore.StripeError unrecognized(String method, String path) {
        return new SandboxStore.StripeError(
                404,
                "invalid_request_error",
                "unrecognized_request_url",
                null,
                "Unrecognized request URL (" + method + ": " + path + ").");
    }

    private static JsonNode params(HttpExchange exchange, String body) throws IOException {
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (body.isBlank()) {
            return MAPPER.createObjectNode();
        }
        if (contentType.startsWith("application/json")) {
            JsonNode node = MAPPER.readTree(body);
            if (!node.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            return node;
        }
        return FormDecoding.decode(body);
    }

    private static String error(SandboxStore.StripeError e) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("type", e.type);
        if (e.code != null) {
            error.put("code", e.code);
        }
        error.put("message", e.getMessage());
        if (e.param != null) {
            error.put("param", e.param);
        }
        return root.toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
