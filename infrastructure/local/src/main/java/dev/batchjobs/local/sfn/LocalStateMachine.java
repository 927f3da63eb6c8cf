package dev.batchjobs.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Runs executions of one state machine from its real ASL definition, with the states the pipeline uses:
 * Task (a Lambda ARN, or {@code arn:aws:states:::lambda:invoke.waitForTaskToken} with Parameters and the task
 * token from the context object), Choice ({@code BooleanEquals}, {@code StringEquals}), Wait ({@code Seconds}),
 * Pass, Succeed and Fail;
 * Parameters, ResultPath, Retry (ErrorEquals, IntervalSeconds, MaxAttempts, BackoffRate), Catch, and
 * TimeoutSeconds / TimeoutSecondsPath on a task that waits for its token. Waits can be scaled down for tests.
 */
public final class LocalStateMachine implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String WAIT_FOR_TOKEN = "arn:aws:states:::lambda:invoke.waitForTaskToken";

    /** A final result: the execution's status ({@code SUCCEEDED} or {@code FAILED}), its output or its error. */
    public record Outcome(String status, JsonNode output, String error, String cause) {}

    private final JsonNode definition;
    private final Map<String, UnaryOperator<JsonNode>> functions;
    private final double timeScale;
    private final ExecutorService executions = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "local-state-machine");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, CompletableFuture<JsonNode>> tokens = new ConcurrentHashMap<>();

    /**
     * @param definition the ASL, with its {@code ${...}} substitutions already applied
     * @param functions  Lambda ARN → the function, invoked with its JSON input
     * @param timeScale  1 for real time; smaller to shorten retry intervals and waits in tests (timeouts are not scaled)
     */
    public LocalStateMachine(String definition, Map<String, UnaryOperator<JsonNode>> functions, double timeScale) {
        try {
            this.definition = MAPPER.readTree(definition);
        } catch (IOException e) {
            throw new IllegalArgumentException("The state machine definition is not JSON", e);
        }
        this.functions = Map.copyOf(functions);
        this.timeScale = timeScale;
    }

    /** Starts an execution; the future completes when it ends. */
    public CompletableFuture<Outcome> start(JsonNode input) {
        String executionId = UUID.randomUUID().toString();
        return CompletableFuture.supplyAsync(() -> run(executionId, input), executions);
    }

    /** SendTaskSuccess: the task waiting on this token continues with {@code output}. */
    public boolean sendTaskSuccess(String token, JsonNode output) {
        CompletableFuture<JsonNode> waiting = tokens.remove(token);
        return waiting != null && waiting.complete(output);
    }

    /** SendTaskFailure: the task waiting on this token fails with {@code error}. */
    public boolean sendTaskFailure(String token, String error, String cause) {
        CompletableFuture<JsonNode> waiting = tokens.remove(token);
        return waiting != null && waiting.completeExceptionally(new StatesException(error, cause));
    }

    private Outcome run(String executionId, JsonNode input) {
        String name = definition.get("StartAt").asText();
        JsonNode data = input;
        while (true) {
            JsonNode state = definition.get("States").get(name);
            if (state == null) {
                return new Outcome("FAILED", null, "States.Runtime", "No state named " + name);
            }
            String type = state.get("Type").asText();
            try {
                switch (type) {
                    case "Succeed" -> {
                        return new Outcome("SUCCEEDED", data, null, null);
                    }
                    case "Fail" -> {
                        return new Outcome(
                                "FAILED",
                                null,
                                state.path("Error").asText(null),
                                state.path("Cause").asText(null));
                    }
                    case "Choice" -> {
                        name = choose(state, data);
                        continue;
                    }
                    case "Wait" ->
                        sleep(Duration.ofMillis((long) (state.path("Seconds").asDouble(0) * 1000 * timeScale)));
                    case "Pass" ->
                        data = JsonPaths.place(
                                data,
                                state.path("ResultPath").asText("$"),
                                state.has("Result") ? state.get("Result") : data);
                    case "Task" -> data = JsonPaths.place(data, resultPath(state), task(executionId, state, data));
                    default -> {
                        return new Outcome(
                                "FAILED", null, "States.Runtime", "The local interpreter does not run " + type);
                    }
                }
            } catch (StatesException e) {
                Optional<JsonNode> handler = catcher(state, e.error());
                if (handler.isEmpty()) {
                    return new Outcome("FAILED", null, e.error(), e.getMessage());
                }
                ObjectNode error = JsonNodeFactory.instance
                        .objectNode()
                        .put("Error", e.error())
                        .put("Cause", e.getMessage());
                data = JsonPaths.place(data, handler.get().path("ResultPath").asText("$"), error);
                name = handler.get().get("Next").asText();
                continue;
            }
            if (state.path("End").asBoolean(false)) {
                return new Outcome("SUCCEEDED", data, null, null);
            }
            name = state.get("Next").asText();
        }
    }

    private static String resultPath(JsonNode state) {
        JsonNode path = state.get("ResultPath");
        return path == null ? "$" : path.isNull() ? null : path.asText();
    }

    private String choose(JsonNode state, JsonNode data) {
        for (JsonNode choice : state.path("Choices")) {
            JsonNode value =
                    JsonPaths.read(choice.get("Variable").asText(), data, JsonNodeFactory.instance.objectNode());
            boolean matches = choice.has("BooleanEquals")
                    ? value.isBoolean()
                            && value.booleanValue()
                                    == choice.get("BooleanEquals").booleanValue()
                    : choice.has("StringEquals")
                            && value.isTextual()
                            && value.textValue()
                                    .equals(choice.get("StringEquals").textValue());
            if (matches) {
                return choice.get("Next").asText();
            }
        }
        if (!state.has("Default")) {
            throw new StatesException("States.NoChoiceMatched", "No choice matched in " + state);
        }
        return state.get("Default").asText();
    }

    private JsonNode task(String executionId, JsonNode state, JsonNode data) {
        int attempt = 0;
        while (true) {
            try {
                return attempt(executionId, state, data);
            } catch (StatesException e) {
                Optional<Duration> wait = retryWait(state, e.error(), attempt++);
                if (wait.isEmpty()) {
                    throw e;
                }
                sleep(wait.get());
            }
        }
    }

    private JsonNode attempt(String executionId, JsonNode state, JsonNode data) {
        String resource = state.get("Resource").asText();
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        context.putObject("Execution").put("Id", executionId);
        if (!resource.equals(WAIT_FOR_TOKEN)) {
            JsonNode input =
                    state.has("Parameters") ? JsonPaths.parameters(state.get("Parameters"), data, context) : data;
            return invoke(resource, input);
        }
        String token = UUID.randomUUID().toString();
        context.putObject("Task").put("Token", token);
        JsonNode parameters = JsonPaths.parameters(state.get("Parameters"), data, context);
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        tokens.put(token, result);
        invoke(parameters.get("FunctionName").asText(), parameters.get("Payload"));
        Optional<Duration> timeout = timeout(state, data);
        try {
            return timeout.isPresent() ? result.get(timeout.get().toMillis(), TimeUnit.MILLISECONDS) : result.get();
        } catch (TimeoutException e) {
            throw new StatesException("States.Timeout", "The task did not send its token back in time");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StatesException states
                    ? states
                    : new StatesException("States.TaskFailed", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesException("States.Runtime", "Interrupted");
        } finally {
            tokens.remove(token);
        }
    }

    private JsonNode invoke(String arn, JsonNode input) {
        UnaryOperator<JsonNode> function = functions.get(arn);
        if (function == null) {
            throw new StatesException("Lambda.ResourceNotFoundException", "No function " + arn);
        }
        try {
            return function.apply(input);
        } catch (StatesException e) {
            throw e;
        } catch (RuntimeException e) {
            // As Lambda reports an unhandled exception: its type is the error name, its message the cause.
            throw new StatesException(e.getClass().getName(), String.valueOf(e.getMessage()));
        }
    }

    private static Optional<Duration> timeout(JsonNode state, JsonNode data) {
        if (state.has("TimeoutSecondsPath")) {
            JsonNode seconds = JsonPaths.read(
                    state.get("TimeoutSecondsPath").asText(), data, JsonNodeFactory.instance.objectNode());
            if (!seconds.canConvertToLong()) {
                throw new StatesException("States.Runtime", "TimeoutSecondsPath does not point at a number");
            }
            return Optional.of(Duration.ofSeconds(seconds.asLong()));
        }
        return state.has("TimeoutSeconds")
                ? Optional.of(Duration.ofSeconds(state.get("TimeoutSeconds").asLong()))
                : Optional.empty();
    }

    private Optional<Duration> retryWait(JsonNode state, String error, int attemptsSoFar) {
        for (JsonNode retrier : state.path("Retry")) {
            if (matches(retrier.path("ErrorEquals"), error)) {
                int max = retrier.path("MaxAttempts").asInt(3);
                if (attemptsSoFar >= max) {
                    return Optional.empty();
                }
                double seconds = retrier.path("IntervalSeconds").asDouble(1)
                        * Math.pow(retrier.path("BackoffRate").asDouble(2), attemptsSoFar);
                return Optional.of(Duration.ofMillis((long) (seconds * 1000 * timeScale)));
            }
        }
        return Optional.empty();
    }

    private static Optional<JsonNode> catcher(JsonNode state, String error) {
        for (JsonNode handler : state.path("Catch")) {
            if (matches(handler.path("ErrorEquals"), error)) {
                return Optional.of(handler);
            }
        }
        return Optional.empty();
    }

    private static boolean matches(JsonNode errorEquals, String error) {
        for (JsonNode name : errorEquals) {
            // As in AWS: States.ALL matches every error but States.Runtime; States.TaskFailed every error of a task
            // (an unhandled exception is named by its class) but States.Timeout and States.Runtime.
            if (name.asText().equals(error)
                    || (name.asText().equals("States.ALL") && !error.equals("States.Runtime"))
                    || (name.asText().equals("States.TaskFailed")
                            && !error.equals("States.Timeout")
                            && !error.equals("States.Runtime"))) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesException("States.Runtime", "Interrupted");
        }
    }

    @Override
    public void close() {
        executions.shutdownNow();
    }
}
