package dev.batchjobs.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.batchjobs.local.LoopbackServer;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Step Functions API calls the functions make, on AWS's wire protocol (JSON 1.0, {@code X-Amz-Target}),
 * so the production {@code SfnClient} works unchanged: SendTaskSuccess and SendTaskFailure.
 */
public final class LocalSfnEndpoint implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private final LoopbackServer server;
    private final Map<String, LocalStateMachine> machines = new ConcurrentHashMap<>();
    /** Execution names already used, per state machine: a name starts one execution, as on AWS. */
    private final Set<String> executionNames = ConcurrentHashMap.newKeySet();

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

    public void register(String arn, LocalStateMachine machine) {
        machines.put(arn, machine);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        JsonNode body = MAPPER.readTree(LoopbackServer.readBody(exchange));
        String token = body.path("taskToken").asText();
        boolean delivered;
        switch (target) {
            case "AWSStepFunctions.StartExecution" -> {
                startExecution(exchange, body);
                return;
            }
            case "AWSStepFunctions.SendTaskSuccess" -> {
                JsonNode output = MAPPER.readTree(body.path("output").asText("{}"));
                delivered = machines.values().stream().anyMatch(m -> m.sendTaskSuccess(token, output));
            }
            case "AWSStepFunctions.SendTaskFailure" ->
                delivered = machines.values().stream()
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

    private void startExecution(HttpExchange exchange, JsonNode body) throws IOException {
        String arn = body.path("stateMachineArn").asText();
        LocalStateMachine machine = machines.get(arn);
        if (machine == null) {
            LoopbackServer.respond(
                    exchange,
                    400,
                    CONTENT_TYPE,
                    "{\"__type\":\"StateMachineDoesNotExist\",\"message\":\"No state machine " + arn + "\"}");
            return;
        }
        String name = body.hasNonNull("name")
                ? body.get("name").asText()
                : UUID.randomUUID().toString();
        if (!executionNames.add(arn + ":" + name)) {
            LoopbackServer.respond(
                    exchange,
                    400,
                    CONTENT_TYPE,
                    "{\"__type\":\"ExecutionAlreadyExists\",\"message\":\"Execution already exists: " + name + "\"}");
            return;
        }
        machine.start(MAPPER.readTree(body.path("input").asText("{}")));
        String executionArn = arn.replace(":stateMachine:", ":execution:") + ":" + name;
        LoopbackServer.respond(
                exchange,
                200,
                CONTENT_TYPE,
                MAPPER.createObjectNode()
                        .put("executionArn", executionArn)
                        .put("startDate", System.currentTimeMillis() / 1000.0)
                        .toString());
    }

    @Override
    public void close() {
        server.close();
    }
}
