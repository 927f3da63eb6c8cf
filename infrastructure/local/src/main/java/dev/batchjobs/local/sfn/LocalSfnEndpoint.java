package dev.batchjobs.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.batchjobs.local.LoopbackServer;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Step Functions API calls the functions make, on AWS's wire protocol (JSON 1.0, {@code X-Amz-Target}),
 * so the production {@code SfnClient} works unchanged: SendTaskSuccess and SendTaskFailure.
 */
public final class LocalSfnEndpoint implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private final LoopbackServer server;
    private final List<LocalStateMachine> machines = new CopyOnWriteArrayList<>();

    private LocalSfnEndpoint(LoopbackServer server) {
        this.server = server;
    }

    public static LocalSfnEndpoint start() throws IOException {
        LoopbackServer server = LoopbackServer.bind(0, 64, 0, "local-sfn");
        LocalSfnEndpoint endpoint = new LocalSfnEndpoint(server);
        server.handle("/", endpoint::handle).start();
        return endpoint;
    }

    public URI endpoint() {
        return server.baseUrl();
    }

    public void register(LocalStateMachine machine) {
        machines.add(machine);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        JsonNode body = MAPPER.readTree(LoopbackServer.readBody(exchange));
        String token = body.path("taskToken").asText();
        boolean delivered;
        switch (target) {
            case "AWSStepFunctions.SendTaskSuccess" -> {
                JsonNode output = MAPPER.readTree(body.path("output").asText("{}"));
                delivered = machines.stream().anyMatch(m -> m.sendTaskSuccess(token, output));
            }
            case "AWSStepFunctions.SendTaskFailure" ->
                delivered = machines.stream()
                        .anyMatch(m -> m.sendTaskFailure(
                                token,
                                body.path("error").asText("States.TaskFailed"),
                                body.path("cause").asText("")));
            default -> {
                LoopbackServer.respond(
                        exchange,
                        400,
                        CONTENT_TYPE,
                        "{\"__type\":\"UnknownOperationException\",\"message\":\"The local cloud does not serve "
                                + target + "\"}");
                return;
            }
        }
        if (delivered) {
            LoopbackServer.respond(exchange, 200, CONTENT_TYPE, "{}");
        } else {
            LoopbackServer.respond(
                    exchange,
                    400,
                    CONTENT_TYPE,
                    "{\"__type\":\"TaskDoesNotExist\",\"message\":\"No task is waiting for this token\"}");
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
