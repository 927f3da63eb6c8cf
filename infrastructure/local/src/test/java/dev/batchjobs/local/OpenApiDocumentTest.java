package dev.batchjobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.api.BatchJobsApi;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * openapi.yaml and template.yaml name the same routes: every HTTP API route of the template is an operation of the
 * document, and every operation a route (the {@code $default} fallback aside). OpenApiIT checks the answers.
 */
class OpenApiDocumentTest {
    private final SamTemplate template =
            SamTemplate.load(LocalCloudOptions.findTemplate(Path.of("")), "batchjobs", Map.of());

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document() throws IOException {
        try (InputStream in = BatchJobsApi.class.getResourceAsStream("/openapi.yaml")) {
            return new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> templateRoutes() {
        List<String> routes = new ArrayList<>();
        for (var function : template.resources("AWS::Serverless::Function").values()) {
            var events = (Map<String, Map<String, Object>>) function.getOrDefault("Events", Map.of());
            for (var event : events.values()) {
                var properties = (Map<String, Object>) event.getOrDefault("Properties", Map.of());
                if ("HttpApi".equals(event.get("Type")) && properties.get("Path") != null) {
                    routes.add(properties.get("Method") + " " + properties.get("Path"));
                }
            }
        }
        return routes;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteOfTheTemplateIsAnOperationOfTheDocumentAndTheOtherWayRound() throws IOException {
        List<String> operations = new ArrayList<>();
        var paths = (Map<String, Map<String, Object>>) document().get("paths");
        paths.forEach((path, methods) ->
                methods.keySet().forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path)));

        assertThat(operations).containsExactlyInAnyOrderElementsOf(templateRoutes());
        assertThat(operations).containsExactlyInAnyOrderElementsOf(BatchJobsApi.routeKeys());
    }

    @Test
    @SuppressWarnings("unchecked")
    void onlyTheHealthCheckTheDocumentAndTheDashboardsStaticFilesAreOpen() throws IOException {
        Map<String, Object> document = document();
        assertThat((List<Object>) document.get("security")).isNotEmpty();
        List<String> open = new ArrayList<>();
        var paths = (Map<String, Map<String, Map<String, Object>>>) document.get("paths");
        paths.forEach((path, methods) -> methods.forEach((method, operation) -> {
            if (operation.containsKey("security") && ((List<Object>) operation.get("security")).isEmpty()) {
                open.add(method.toUpperCase(Locale.ROOT) + " " + path);
            }
        }));
        assertThat(open)
                .containsExactlyInAnyOrder(
                        "GET /healthz", "GET /openapi.yaml", "GET /dashboard", "GET /dashboard/{asset}");
    }

    @Test
    void theDocumentIsOpenApi31() throws IOException {
        assertThat(document().get("openapi")).isEqualTo("3.1.0");
    }
}
