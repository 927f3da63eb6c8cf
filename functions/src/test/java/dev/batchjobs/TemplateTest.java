package dev.batchjobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.batchjobs.api.BatchJobsApi;
import dev.batchjobs.testing.SamTemplate;
import dev.batchjobs.wiring.Config;
import dev.batchjobs.wiring.Wiring;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Holds template.yaml and the code together: handlers, environment and routes. */
class TemplateTest {
    private final SamTemplate template = SamTemplate.load();
    private final Map<String, Map<String, Object>> functions = template.resourcesOfType("AWS::Serverless::Function");

    @Test
    void everyHandlerTheTemplateNamesExistsWithItsMethodAndNoArgConstructor() throws Exception {
        assertThat(functions).isNotEmpty();
        for (var function : functions.entrySet()) {
            String[] handler = ((String) function.getValue().get("Handler")).split("::");
            Class<?> type = Class.forName(handler[0]);
            assertThat(RequestHandler.class).as(function.getKey()).isAssignableFrom(type);
            assertThat(type.getConstructor()).as(function.getKey() + " no-arg constructor").isNotNull();
            assertThat(List.of(type.getMethods())).as(function.getKey() + " method")
                    .anyMatch(m -> m.getName().equals(handler[1]));
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
    void theWiringBuildsEveryHandlerTheTemplateNames() {
        Map<String, String> env = new HashMap<>();
        Config.TEMPLATE_VARIABLES.forEach(name -> env.put(name, ""));
        env.put(Config.JOBS_TABLE, "jobs");
        env.put(Config.API_KEYS_TABLE, "keys");
        env.put(Config.DATA_BUCKET, "bucket");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        try (Wiring wiring = Wiring.create(env)) {
            for (var function : functions.values()) {
                String handlerClass = ((String) function.get("Handler")).split("::")[0];
                assertThat(wiring.newHandler(handlerClass).getClass().getName()).isEqualTo(handlerClass);
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
}
