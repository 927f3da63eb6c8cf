package dev.batchjobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.batchjobs.api.BatchJobsApi;
import dev.batchjobs.wiring.Config;
import dev.batchjobs.wiring.Wiring;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Holds template.yaml and the code together: handlers, environment and routes. */
class TemplateTest {
    private final SamTemplate template = SamTemplate.load(LocalCloudOptions.findTemplate(Path.of("")), "batchjobs", Map.of());
    private final Map<String, Map<String, Object>> functions = template.resources("AWS::Serverless::Function");

    @Test
    void everyHandlerTheTemplateNamesExistsWithItsMethodAndNoArgConstructor() throws Exception {
        assertThat(functions).isNotEmpty();
        for (var function : functions.entrySet()) {
            String[] handler = String.valueOf(function.getValue().get("Handler")).split("::");
            Class<?> type = Class.forName(handler[0]);
            assertThat(RequestHandler.class).as(function.getKey()).isAssignableFrom(type);
            assertThat(type.getConstructor()).as(function.getKey() + " no-arg constructor").isNotNull();
            assertThat(List.of(type.getMethods())).as(function.getKey() + " method")
                    .anyMatch(m -> m.getName().equals(handler[1]));
        }
    }

    /** java17 can no longer be deployed (creation disabled 2026-07-31); the jar's Java 17 classes run on both. */
    @Test
    void everyFunctionRunsOnASupportedJavaRuntime() {
        for (var function : functions.entrySet()) {
            Object runtime = function.getValue().getOrDefault("Runtime", template.functionGlobals().get("Runtime"));
            assertThat(String.valueOf(runtime)).as(function.getKey()).isIn("java21", "java25");
        }
    }

    /** C1-only JIT starts fastest, right for short calls, wrong for the 15-minute CPU-bound ones. */
    @Test
    void onlyShortFunctionsStopTheJitAtItsFirstTier() {
        assertThat(template.environment(Map.of())).doesNotContainKey("JAVA_TOOL_OPTIONS");
        for (var function : functions.entrySet()) {
            Object timeout = function.getValue().getOrDefault("Timeout", template.functionGlobals().get("Timeout"));
            String options = template.environment(function.getValue()).getOrDefault("JAVA_TOOL_OPTIONS", "");
            if (Integer.parseInt(String.valueOf(timeout)) >= 180) {
                assertThat(options).as(function.getKey()).doesNotContain("TieredStopAtLevel");
            }
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
            assertThat(template.environment(function.getValue()).keySet()).as(function.getKey())
                    .containsAll(Config.TEMPLATE_VARIABLES);
        }
    }

    @Test
    void onlyTheWorkerHoldsTheTargetsSettingsAndCredential() {
        for (var function : functions.entrySet()) {
            boolean worker = String.valueOf(function.getValue().get("Handler")).contains("ChunkWorkerHandler");
            var names = template.environment(function.getValue()).keySet();
            if (worker) {
                assertThat(names).as(function.getKey()).containsAll(Config.WORKER_VARIABLES);
            } else {
                assertThat(names).as(function.getKey()).doesNotContainAnyElementsOf(Config.WORKER_VARIABLES);
            }
        }
    }

    @Test
    void theWiringBuildsEveryHandlerTheTemplateNames() {
        Map<String, String> env = new HashMap<>(template.environment(Map.of()));
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        try (Wiring wiring = Wiring.create(env)) {
            for (var function : functions.values()) {
                String handlerClass = String.valueOf(function.get("Handler")).split("::")[0];
                assertThat(LocalFunctions.newHandler(wiring, handlerClass).getClass().getName()).isEqualTo(handlerClass);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHttpApiRoutesAreExactlyTheApisRoutesPlusTheFallback() {
        List<String> routes = new ArrayList<>();
        boolean fallback = false;
        for (var function : functions.values()) {
            Map<String, Map<String, Object>> events = (Map<String, Map<String, Object>>) function.getOrDefault("Events", Map.of());
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
        assertThat(fallback).as("a $default route, so unknown paths answer in the error envelope").isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStateMachineSubstitutesEveryPlaceholderOfItsDefinitionWithAFunction() throws Exception {
        var machine = template.resources("AWS::Serverless::StateMachine").values().iterator().next();
        Path definition = LocalCloudOptions.findTemplate(Path.of("")).getParent().resolve(String.valueOf(machine.get("DefinitionUri")));
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\$\\{([A-Za-z]+)}")
                .matcher(java.nio.file.Files.readString(definition));
        java.util.Set<String> placeholders = new java.util.HashSet<>();
        while (matcher.find()) {
            placeholders.add(matcher.group(1));
        }
        Map<String, Object> substitutions = (Map<String, Object>) machine.get("DefinitionSubstitutions");

        assertThat(substitutions.keySet()).containsExactlyInAnyOrderElementsOf(placeholders);
        assertThat(substitutions.values()).allSatisfy(arn -> assertThat(String.valueOf(arn)).startsWith("arn:aws:lambda:"));
    }

    @Test
    void intrinsicsResolveToTheLocalNames() {
        Map<String, String> env = template.environment(Map.of());

        assertThat(env).containsEntry(Config.JOBS_TABLE, "batchjobs-jobs")
                .containsEntry(Config.DATA_BUCKET, "batchjobs-data-000000000000")
                .containsEntry(Config.UPLOAD_URL_TTL_SECONDS, "300");
        assertThat(SamTemplate.load(LocalCloudOptions.findTemplate(Path.of("")), "other", Map.of("UploadUrlTtlSeconds", "90"))
                .environment(Map.of())).containsEntry(Config.JOBS_TABLE, "other-jobs")
                .containsEntry(Config.UPLOAD_URL_TTL_SECONDS, "90");
    }
}
