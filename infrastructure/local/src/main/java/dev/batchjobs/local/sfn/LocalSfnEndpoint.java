package dev.batchjobs.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Step Functions API calls the functions make, on AWS's wire protocol (JSON 1.0, {@code X-Amz-Target}),
 * so the production {@code SfnClient} works unchanged: SendTaskSuccess and SendTaskFailure.
 */
public final class LocalSfnEndpoint implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final List<LocalStateMachine> machines = new CopyOnWriteArrayList<>();

    private LocalSfnEndpoint(HttpServer server) {
        this.server = server;
    }

    public static LocalSfnEndpoint start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        LocalSfnEndpoint endpoint = new LocalSfnEndpoint(server);
        server.createContext("/", endpoint::handle);
        server.start();
        return endpoint;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void register(LocalStateMachine machine) {
        machines.add(machine);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            JsonNode body = MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            String token = body.path("taskToken").asText();
            boolean delivered;
            switch (target) {
                case "AWSStepFunctions.SendTaskSuccess" -> {
                    JsonNode output = MAPPER.readTree(body.path("output").asText("{}"));
                    delivered = machines.stream().anyMatch(m -> m.sendTaskSuccess(token, output));
                }
                case "AWSStepFunctions.SendTaskFailure" -> delivered = machines.stream().anyMatch(m ->
                        m.sendTaskFailure(token, body.path("error").asText("States.TaskFailed"), body.path("cause").asText("")));
                default -> {
                    respond(exchange, 400, "{\"__type\":\"UnknownOperationException\",\"message\":\"The local cloud does not serve "
                            + target + "\"}");
                    return;
                }
            }
            if (delivered) {
                respond(exchange, 200, "{}");
            } else {
                respond(exchange, 400, "{\"__type\":\"TaskDoesNotExist\",\"message\":\"No task is waiting for this token\"}");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
