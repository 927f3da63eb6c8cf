package dev.batchjobs.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets Manager's GetSecretValue on AWS's wire protocol (JSON 1.1, {@code X-Amz-Target:
 * secretsmanager.GetSecretValue}), so the worker reads the target's credential through the production
 * {@code SecretsManagerClient} and adapter, as on AWS. Holds the secrets the local cloud puts in it, by ARN.
 */
final class LocalSecretsManager implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final LoopbackServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    private LocalSecretsManager(LoopbackServer server) {
        this.server = server;
    }

    static LocalSecretsManager start() throws IOException {
        LoopbackServer server = LoopbackServer.bind(0, 16, 0, "local-secretsmanager");
        LocalSecretsManager endpoint = new LocalSecretsManager(server);
        server.handle("/", endpoint::handle).start();
        return endpoint;
    }

    URI endpoint() {
        return server.baseUrl();
    }

    /** Stores (or replaces, as a rotation does) a secret's string; answers its ARN. */
    String put(String name, String value) {
        String arn = "arn:aws:secretsmanager:" + LocalAws.REGION + ":000000000000:secret:" + name;
        secrets.put(arn, value);
        return arn;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        JsonNode body = MAPPER.readTree(LoopbackServer.readBody(exchange));
        if (!"secretsmanager.GetSecretValue".equals(target)) {
            error(exchange, "UnknownOperationException", "The local cloud does not serve " + target);
            return;
        }
        String id = body.path("SecretId").asText();
        String value = secrets.get(id);
        if (value == null) {
            error(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
            return;
        }
        ObjectNode answer = MAPPER.createObjectNode()
                .put("ARN", id)
                .put("Name", id.substring(id.lastIndexOf(':') + 1))
                .put("SecretString", value)
                .put("VersionId", "local");
        LoopbackServer.respond(exchange, 200, CONTENT_TYPE, answer.toString());
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        ObjectNode answer = MAPPER.createObjectNode().put("__type", type).put("message", message);
        LoopbackServer.respond(exchange, 400, CONTENT_TYPE, answer.toString());
    }

    @Override
    public void close() {
        server.close();
    }
}
