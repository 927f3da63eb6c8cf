package dev.batchjobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.batchjobs.api.BatchJobsApi;
import dev.batchjobs.wiring.CheckpointCadence;
import dev.batchjobs.wiring.Config;
import dev.batchjobs.wiring.Wiring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Holds template.yaml and the code together: handlers, environment and routes. */
class TemplateTest extends TemplateFixture {

    @Test
    void everyHandlerTheTemplateNamesExistsWithItsMethodAndNoArgConstructor() throws Exception {
        assertThat(functions).isNotEmpty();
        for (var function : functions.entrySet()) {
            String[] handler =
                    String.valueOf(function.getValue().get("Handler")).split("::");
            Class<?> type = Class.forName(handler[0]);
            assertThat(RequestHandler.class).as(function.getKey()).isAssignableFrom(type);
            assertThat(type.getConstructor())
                    .as(function.getKey() + " no-arg constructor")
                    .isNotNull();
            assertThat(List.of(type.getMethods()))
                    .as(function.getKey() + " method")
                    .anyMatch(m -> m.getName().equals(handler[1]));
        }
    }

    /** java17 can no longer be deployed (creation disabled 2026-07-31); the jar's Java 17 classes run on both. */
    @Test
    void everyFunctionRunsOnASupportedJavaRuntime() {
        for (var function : functions.entrySet()) {
            Object runtime = function.getValue()
                    .getOrDefault("Runtime", template.functionGlobals().get("Runtime"));
            assertThat(String.valueOf(runtime)).as(function.getKey()).isIn("java21", "java25");
        }
    }

    /** C1-only JIT starts fastest, right for short calls, wrong for the 15-minute CPU-bound ones. */
    @Test
    void onlyShortFunctionsStopTheJitAtItsFirstTier() {
        assertThat(template.environment(Map.of())).doesNotContainKey("JAVA_TOOL_OPTIONS");
        for (var function : functions.entrySet()) {
            Object timeout = function.getValue()
                    .getOrDefault("Timeout", template.functionGlobals().get("Timeout"));
            String options = template.environment(function.getValue()).getOrDefault("JAVA_TOOL_OPTIONS", "");
            if (Integer.parseInt(String.valueOf(timeout)) >= 180 && !sizedToWait(function.getValue())) {
                assertThat(options).as(function.getKey()).doesNotContain("TieredStopAtLevel=1");
            }
        }
    }

    /**
     * Lambda's java17 and java21 runtimes stop the JIT at C1 unless {@code JAVA_TOOL_OPTIONS} says otherwise, so leaving
     * the option out is not enough: the functions that run for minutes (validation, the chunk worker, the merge) ask
     * for all tiers, C2 included, and the last word on the level is theirs.
     */
    @Test
    void theLongFunctionsAskForTheFullJitSinceLambdaStopsAtC1Otherwise() {
        assertThat(functions).containsKeys("PrepareFunction", "ChunkWorkerFunction", "FinishFunction");
        for (var function : functions.entrySet()) {
            Object timeout = function.getValue()
                    .getOrDefault("Timeout", template.functionGlobals().get("Timeout"));
            if (Integer.parseInt(String.valueOf(timeout)) < 180 || sizedToWait(function.getValue())) {
                continue;
            }
            List<String> options = List.of(template.environment(function.getValue())
                    .getOrDefault("JAVA_TOOL_OPTIONS", "")
                    .trim()
                    .split("\\s+"));
            assertThat(options).as(function.getKey()).contains("-XX:+TieredCompilation");
            assertThat(options.stream().filter(o -> o.startsWith("-XX:TieredStopAtLevel=")))
                    .as(function.getKey())
                    .last()
                    .isEqualTo("-XX:TieredStopAtLevel=4");
        }
    }

    /** SnapStart restores published versions only: a function with it publishes an alias, which its routes invoke. */
    @Test
    void aSnapStartedFunctionPublishesTheAliasItIsInvokedThrough() {
        assertThat(functions.values()).anyMatch(f -> f.containsKey("SnapStart"));
        for (var function : functions.entrySet()) {
            if (function.getValue().containsKey("SnapStart")) {
                assertThat(function.getValue()).as(function.getKey()).containsKey("AutoPublishAlias");
            }
        }
    }

    @Test
    void everyVariableTheCodeReadsIsSetForEveryFunction() {
        for (var function : functions.entrySet()) {
            assertThat(template.environment(function.getValue()).keySet())
                    .as(function.getKey())
                    .containsAll(Config.TEMPLATE_VARIABLES);
        }
    }

    /**
     * The small chunk worker runs for minutes but mostly waits between requests, in 160 MB: C1 only, whose compiled
     * code and compiler threads it needs less of (BENCHMARKS.md, the cost on paper).
     */
    private static boolean sizedToWait(Map<String, Object> function) {
        return Integer.parseInt(String.valueOf(function.getOrDefault("MemorySize", "1024"))) <= 512;
    }

    /**
     * Slow jobs run on a small worker of their own: the same handler and cadence as the big one, 160 MB and C1, a FIFO
     * queue of its own set like the big one's, with its own dead-letter queue, which the dead-letter function drains
     * too. It sends follow-ups to its own queue only; the senders of first messages and resumes (dispatch, the API)
     * may send to both. The dispatch takes the small lane up to 10 rps.
     */
    @Test
    void slowJobsRunOnASmallWorkerWithAQueueOfItsOwn() {
        Map<String, SamTemplate.Function> byId = new HashMap<>();
        template.functions().forEach(f -> byId.put(f.logicalId(), f));
        SamTemplate.Function big = byId.get("ChunkWorkerFunction");
        SamTemplate.Function small = byId.get("SmallChunkWorkerFunction");

        assertThat(small.handlerClass()).isEqualTo(big.handlerClass());
        assertThat(small.memoryMb()).isEqualTo(160);
        assertThat(big.memoryMb()).isEqualTo(1024);
        assertThat(small.timeoutSeconds()).isEqualTo(big.timeoutSeconds());
        assertThat(small.environment().get("JAVA_TOOL_OPTIONS"))
                .isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        assertThat(small.environment()).containsEntry("MALLOC_ARENA_MAX", "2");
        assertThat(Config.fromEnvironment(small.environment()).checkpointCadence())
                .isEqualTo(Config.fromEnvironment(big.environment()).checkpointCadence());

        Map<String, SamTemplate.Queue> queues = new HashMap<>();
        template.queues().forEach(q -> queues.put(q.logicalId(), q));
        SamTemplate.Queue bigQueue = queues.get("ChunkQueue");
        SamTemplate.Queue smallQueue = queues.get("SmallChunkQueue");
        assertThat(smallQueue)
                .usingRecursiveComparison()
                .ignoringFields("logicalId", "name", "redrivePolicy")
                .isEqualTo(bigQueue);
        assertThat(smallQueue.redrivePolicy().orElseThrow().maxReceiveCount())
                .isEqualTo(bigQueue.redrivePolicy().orElseThrow().maxReceiveCount());
        String smallDeadLetters = smallQueue.redrivePolicy().orElseThrow().deadLetterTargetArn();
        assertThat(smallDeadLetters)
                .isNotEqualTo(bigQueue.redrivePolicy().orElseThrow().deadLetterTargetArn());
        assertThat(small.sqsSources())
                .singleElement()
                .satisfies(source -> assertThat(source.queueArn())
                        .isNotEqualTo(big.sqsSources().get(0).queueArn()))
                .satisfies(source -> assertThat(source.batchSize()).isEqualTo(1))
                .satisfies(source -> assertThat(source.reportsItemFailures()).isTrue());
        assertThat(byId.get("ChunkDeadLetterFunction").sqsSources())
                .extracting(SamTemplate.SqsSource::queueArn)
                .contains(smallDeadLetters);

        assertThat(sentTo("SmallChunkWorkerFunction")).containsExactly("SmallChunkQueue");
        assertThat(sentTo("ChunkWorkerFunction")).containsExactly("ChunkQueue");
        assertThat(sentTo("DispatchFunction")).containsExactlyInAnyOrder("ChunkQueue", "SmallChunkQueue");
        assertThat(sentTo("ApiFunction")).contains("ChunkQueue", "SmallChunkQueue");
        assertThat(Config.fromEnvironment(byId.get("DispatchFunction").environment())
                        .smallWorkerMaxRps())
                .isEqualTo(10);
    }

    /** The queues a function's SQSSendMessagePolicy statements name, as written. */
    private List<String> sentTo(String functionId) {
        Map<String, Object> function = SamTemplate.asMap(
                SamTemplate.asMap(SamTemplate.asMap(written.get("Resources")).get(functionId))
                        .get("Properties"));
        List<String> queues = new ArrayList<>();
        for (Object policy : (List<?>) function.getOrDefault("Policies", List.of())) {
            if (policy instanceof Map<?, ?> map && map.get("SQSSendMessagePolicy") instanceof Map<?, ?> send) {
                referencedId(send.get("QueueName")).ifPresent(queues::add);
            }
        }
        return queues;
    }

    private static Map<String, Object> worker(SamTemplate from) {
        return from.resources("AWS::Serverless::Function").values().stream()
                .filter(f -> String.valueOf(f.get("Handler")).contains("ChunkWorkerHandler"))
                .findFirst()
                .orElseThrow();
    }

    /**
     * Production saves a worker's progress every 5 s or 1,000 rows, a slow job's once 150 rows have finished (at most
     * every 15 s) (BENCHMARKS.md: the cost of a checkpoint).
     */
    @Test
    void theWorkerCheckpointsEveryFiveSecondsOrThousandRowsUnlessTheOperatorSaysOtherwise() {
        Config production = Config.fromEnvironment(template.environment(worker(template)));

        assertThat(production.checkpointCadence()).isEqualTo(new CheckpointCadence(Duration.ofSeconds(5), 1_000, 150));
        SamTemplate faster = SamTemplate.load(
                LocalCloudOptions.findTemplate(Path.of("")),
                "batchjobs",
                Map.of("CheckpointEverySeconds", "1", "CheckpointRows", "100", "CheckpointLeastRows", "1"));
        assertThat(Config.fromEnvironment(faster.environment(worker(faster))).checkpointCadence())
                .isEqualTo(new CheckpointCadence(Duration.ofSeconds(1), 100, 1));
    }

    @Test
    void samconfigDeploysThisTemplateWithParametersItDeclares() throws IOException {
        Path samconfig = LocalCloudOptions.findTemplate(Path.of("")).resolveSibling("samconfig.toml");
        String text = Files.readString(samconfig);
        assertThat(text).contains("template_file = \"template.yaml\"").contains("CAPABILITY_IAM");
        Matcher overrides =
                Pattern.compile("(?m)^parameter_overrides = \"(.*)\"$").matcher(text);
        assertThat(overrides.find()).isTrue();
        Set<String> declared = SamTemplate.asMap(written.get("Parameters")).keySet();
        for (String pair : overrides.group(1).split(" ")) {
            assertThat(declared).contains(pair.substring(0, pair.indexOf('=')));
        }
    }

    @Test
    void theWiringBuildsEveryHandlerTheTemplateNames() {
        // Each function from its own environment, as on AWS: a variable only one function gets is there for it.
        for (var function : functions.values()) {
            Map<String, String> env = new HashMap<>(template.environment(function));
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", "test");
            env.put("AWS_SECRET_ACCESS_KEY", "test");
            try (Wiring wiring = Wiring.create(env)) {
                String handlerClass = String.valueOf(function.get("Handler")).split("::")[0];
                assertThat(LocalFunctions.newHandler(wiring, handlerClass)
                                .getClass()
                                .getName())
                        .isEqualTo(handlerClass);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void noApiRouteHasAnAuthorizerSoTheApiFunctionAnswersEveryAuthenticationErrorInTheEnvelope() {
        // An HTTP API authorizer would answer a bad key itself, in a shape Stripe's SDKs do not read.
        assertThat(declared("AWS::Serverless::HttpApi")).isNotEmpty();
        for (var api : declared("AWS::Serverless::HttpApi").entrySet()) {
            assertThat(properties(api.getValue())).as(api.getKey()).doesNotContainKey("Auth");
        }
        List<String> routes = new ArrayList<>();
        for (var function : functions.values()) {
            Map<String, Map<String, Object>> events =
                    (Map<String, Map<String, Object>>) function.getOrDefault("Events", Map.of());
            for (var event : events.values()) {
                if ("HttpApi".equals(event.get("Type"))) {
                    Map<String, Object> properties = (Map<String, Object>) event.getOrDefault("Properties", Map.of());
                    assertThat(properties)
                            .as(String.valueOf(properties.get("Path")))
                            .doesNotContainKey("Auth");
                    routes.add(String.valueOf(properties.get("Path")));
                }
            }
        }
        assertThat(routes).isNotEmpty();
        assertThat(declared("AWS::ApiGatewayV2::Authorizer")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHttpApiRoutesAreExactlyTheApisRoutesPlusTheFallback() {
        List<String> routes = new ArrayList<>();
        boolean fallback = false;
        for (var function : functions.values()) {
            Map<String, Map<String, Object>> events =
                    (Map<String, Map<String, Object>>) function.getOrDefault("Events", Map.of());
            for (var event : events.values()) {
                if (!"HttpApi".equals(event.get("Type"))) {
                    continue;
                }
                Map<String, Object> properties = (Map<String, Object>) event.getOrDefault("Properties", Map.of());
                if (properties.get("Path") == null) {
                    fallback = true;
                } else {
                    routes.add(properties.get("Method") + " " + properties.get("Path"));
                }
            }
        }
        assertThat(routes).containsExactlyInAnyOrderElementsOf(BatchJobsApi.routeKeys());
        assertThat(fallback)
                .as("a $default route, so unknown paths answer in the error envelope")
                .isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStateMachineSubstitutesEveryPlaceholderOfItsDefinitionWithAFunction() throws Exception {
        var machine = template.resources("AWS::Serverless::StateMachine")
                .values()
                .iterator()
                .next();
        Path definition = LocalCloudOptions.findTemplate(Path.of(""))
                .getParent()
                .resolve(String.valueOf(machine.get("DefinitionUri")));
        Matcher matcher = Pattern.compile("\\$\\{([A-Za-z]+)}").matcher(Files.readString(definition));
        Set<String> placeholders = new HashSet<>();
        while (matcher.find()) {
            placeholders.add(matcher.group(1));
        }
        Map<String, Object> substitutions = (Map<String, Object>) machine.get("DefinitionSubstitutions");

        assertThat(substitutions.keySet()).containsExactlyInAnyOrderElementsOf(placeholders);
        assertThat(substitutions.values())
                .allSatisfy(arn -> assertThat(String.valueOf(arn)).startsWith("arn:aws:lambda:"));
    }

    @Test
    void intrinsicsResolveToTheLocalNames() {
        Map<String, String> env = template.environment(Map.of());

        assertThat(env)
                .containsEntry(Config.JOBS_TABLE, "batchjobs-jobs")
                .containsEntry(Config.DATA_BUCKET, "batchjobs-data-000000000000")
                .containsEntry(Config.UPLOAD_URL_TTL_SECONDS, "300");
        assertThat(SamTemplate.load(
                                LocalCloudOptions.findTemplate(Path.of("")),
                                "other",
                                Map.of("UploadUrlTtlSeconds", "90"))
                        .environment(Map.of()))
                .containsEntry(Config.JOBS_TABLE, "other-jobs")
                .containsEntry(Config.UPLOAD_URL_TTL_SECONDS, "90");
    }

    // ------------------------------------------------------------------ operations: logs, retries, alarms
}
