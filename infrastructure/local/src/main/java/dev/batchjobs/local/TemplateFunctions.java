package dev.batchjobs.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.wiring.Telemetry;
import dev.batchjobs.wiring.Wiring;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Every function template.yaml declares, built as Lambda would build it: its handler class from its own wiring,
 * made from its environment (with the local endpoints over it), and how each is invoked: the HTTP API's routes
 * and {@code $default}, the schedules, the SQS event source mappings, and the state machines' tasks by ARN.
 */
final class TemplateFunctions {
    /**
     * How many pollers an SQS event source mapping runs when the template sets no {@code MaximumConcurrency}; one
     * that sets it runs that many, each an invocation at a time, as Lambda runs at most that many at once.
     */
    static final int DEFAULT_POLLERS = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Wiring> wirings = new ArrayList<>();
    private final List<LocalHttpApi.Route> routes = new ArrayList<>();
    private final List<LocalSchedules.Entry> schedules = new ArrayList<>();
    private final List<LocalSqsEventSources.Mapping> sqsMappings = new ArrayList<>();
    private final Map<String, UnaryOperator<JsonNode>> taskFunctions = new LinkedHashMap<>();
    private final FunctionLogs logs = new FunctionLogs();
    private LocalHttpApi.LocalFunction fallback;

    private TemplateFunctions() {}

    /**
     * @param overrides the environment every function gets over its own: the local endpoints and credentials
     * @param scheduleEvery when present, the rate of every schedule instead of the template's
     */
    static TemplateFunctions build(
            SamTemplate template, Map<String, String> overrides, Optional<Duration> scheduleEvery) {
        TemplateFunctions functions = new TemplateFunctions();
        for (SamTemplate.Function function : template.functions()) {
            functions.add(template, function, overrides, scheduleEvery);
        }
        if (functions.wirings.isEmpty()) {
            throw new IllegalStateException("template.yaml declares no function");
        }
        return functions;
    }

    /** Every function's wiring, in template order. */
    List<Wiring> wirings() {
        return wirings;
    }

    /** Any function's wiring: they share the tables, so any one can issue an API key. */
    Wiring anyWiring() {
        return wirings.get(wirings.size() - 1);
    }

    /** What each function wrote to its standard output. */
    FunctionLogs logs() {
        return logs;
    }

    /** The HTTP API's routes, in template order. */
    List<LocalHttpApi.Route> routes() {
        return routes;
    }

    /** The {@code $default} route's function; null when the template has none. */
    LocalHttpApi.LocalFunction fallback() {
        return fallback;
    }

    List<LocalSchedules.Entry> schedules() {
        return schedules;
    }

    List<LocalSqsEventSources.Mapping> sqsMappings() {
        return sqsMappings;
    }

    /** Function ARN → the function as a state machine task calls it. */
    Map<String, UnaryOperator<JsonNode>> taskFunctions() {
        return taskFunctions;
    }

    private void add(
            SamTemplate template,
            SamTemplate.Function function,
            Map<String, String> overrides,
            Optional<Duration> scheduleEvery) {
        String name = function.logicalId();
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        // What the Lambda runtime sets: the function's name (here its logical id), its metrics' dimension.
        env.put(Telemetry.FUNCTION_NAME, name);
        env.putAll(overrides);
        Wiring wiring = Wiring.create(env, logs.stdout(name));
        wirings.add(wiring);
        Object handler = LocalFunctions.newHandler(wiring, function.handlerClass());
        LocalHttpApi.LocalFunction local = new LocalHttpApi.LocalFunction(
                name, httpHandler(handler), function.memoryMb(), function.timeoutSeconds());
        taskFunctions.put(function.arn(), taskFunction(name, handler, local));
        for (SamTemplate.Schedule schedule : function.schedules()) {
            schedules.add(new LocalSchedules.Entry(
                    name,
                    handler,
                    scheduleEvery.orElseGet(() -> LocalSchedules.rate(schedule.expression())),
                    local.memoryMb(),
                    local.timeoutSeconds()));
        }
        for (SamTemplate.SqsSource source : function.sqsSources()) {
            String queueUrl = template.queueUrlForArn(source.queueArn())
                    .orElseThrow(() -> new IllegalStateException(
                            name + " reads " + source.queueArn() + ", which template.yaml does not declare"));
            sqsMappings.add(new LocalSqsEventSources.Mapping(
                    name,
                    handler,
                    queueUrl,
                    source.queueArn(),
                    source.batchSize(),
                    source.reportsItemFailures(),
                    local.memoryMb(),
                    local.timeoutSeconds(),
                    source.maximumConcurrency().orElse(DEFAULT_POLLERS)));
        }
        for (SamTemplate.HttpRoute route : function.httpRoutes()) {
            if (route.path().isEmpty()) {
                fallback = local;
            } else {
                routes.add(LocalHttpApi.Route.of(route.method(), route.path().get(), local));
            }
        }
    }

    /** A function as a state machine task calls it: JSON in, JSON out. */
    @SuppressWarnings("unchecked")
    private static UnaryOperator<JsonNode> taskFunction(String name, Object handler, LocalHttpApi.LocalFunction local) {
        return input -> {
            RequestHandler<Object, Object> function = (RequestHandler<Object, Object>) handler;
            Object output = function.handleRequest(
                    JSON.convertValue(input, Map.class),
                    new LocalContext(name, local.memoryMb(), local.timeoutSeconds()));
            return JSON.valueToTree(output);
        };
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> httpHandler(Object handler) {
        return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) handler;
    }
}
