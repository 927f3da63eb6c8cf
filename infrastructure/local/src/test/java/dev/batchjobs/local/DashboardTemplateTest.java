package dev.batchjobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.domain.Metric;
import dev.batchjobs.wiring.Telemetry;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Holds the template's dashboard to the code: every metric the functions emit is on it, under the function that
 * emits it, next to the queues, functions, state machine and API the alarms watch; and the metrics' namespace
 * reaches every function.
 */
class DashboardTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The function whose log carries each metric: the value of the metric's one dimension. */
    private static final Map<Metric, String> EMITTED_BY = emitters();

    private final SamTemplate template =
            SamTemplate.load(LocalCloudOptions.findTemplate(Path.of("")), "batchjobs", Map.of());
    private final Map<String, Object> written = loadWritten();
    private final Map<String, Object> resources = SamTemplate.asMap(written.get("Resources"));

    @Test
    void everyMetricTheCodeEmitsIsOnTheDashboardUnderItsFunction() throws IOException {
        List<List<String>> rows = metricRows();
        for (Metric metric : Metric.values()) {
            assertThat(rows)
                    .as(metric.metricName())
                    .contains(List.of(
                            "${MetricsNamespace}",
                            metric.metricName(),
                            "FunctionName",
                            "${" + EMITTED_BY.get(metric) + "}"));
        }
    }

    @Test
    void theSmallWorkersRowsAndRateAreOnTheDashboardBesideTheStandardWorkers() throws IOException {
        List<List<String>> rows = metricRows();
        for (Metric metric : Metric.values()) {
            if (!EMITTED_BY.get(metric).equals("ChunkWorkerFunction")) {
                continue;
            }
            assertThat(rows)
                    .as(metric.metricName() + " of the small worker")
                    .contains(List.of(
                            "${MetricsNamespace}", metric.metricName(), "FunctionName", "${SmallChunkWorkerFunction}"));
        }
        assertThat(body())
                .as("the per-job rate table reads both workers' logs")
                .contains("SOURCE '${ChunkWorkerFunctionLogs}' | SOURCE '${SmallChunkWorkerFunctionLogs}' |");
    }

    @Test
    void theDashboardShowsEveryQueuesDepthAndAgeEveryFunctionsErrorsAndThrottlesThePipelineAndTheApi()
            throws IOException {
        List<List<String>> rows = metricRows();
        resources.forEach((id, value) -> {
            Object type = SamTemplate.asMap(value).get("Type");
            if ("AWS::SQS::Queue".equals(type)) {
                for (String metric : List.of("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage")) {
                    assertThat(rows)
                            .as(id + " " + metric)
                            .contains(List.of("AWS/SQS", metric, "QueueName", "${" + id + ".QueueName}"));
                }
            }
            if ("AWS::Serverless::Function".equals(type)) {
                for (String metric : List.of("Errors", "Throttles")) {
                    assertThat(rows)
                            .as(id + " " + metric)
                            .contains(List.of("AWS/Lambda", metric, "FunctionName", "${" + id + "}"));
                }
            }
            if ("AWS::Serverless::StateMachine".equals(type)) {
                for (String metric : List.of("ExecutionsFailed", "ExecutionsTimedOut")) {
                    assertThat(rows)
                            .as(id + " " + metric)
                            .contains(List.of("AWS/States", metric, "StateMachineArn", "${" + id + "}"));
                }
            }
        });
        assertThat(rows).contains(List.of("AWS/ApiGateway", "5xx", "ApiId", "${BatchApi}"));
    }

    /** A name the body substitutes that the template does not declare would fail the deploy, not this build. */
    @Test
    void everyNameTheDashboardSubstitutesIsDeclared() {
        Set<String> parameters = SamTemplate.asMap(written.get("Parameters")).keySet();
        Matcher names = Pattern.compile("\\$\\{([^}.]+)(\\.[^}]+)?}").matcher(body());
        int found = 0;
        while (names.find()) {
            String name = names.group(1);
            found++;
            if (!name.startsWith("AWS::")) {
                assertThat(resources.containsKey(name) || parameters.contains(name))
                        .as(name)
                        .isTrue();
            }
        }
        assertThat(found).isPositive();
    }

    /** Active tracing runs the X-Ray daemon the code traces to (and SAM grants xray:PutTraceSegments for it). */
    @Test
    void everyFunctionIsTraced() {
        for (var function : template.resources("AWS::Serverless::Function").entrySet()) {
            assertThat(function.getValue()
                            .getOrDefault("Tracing", template.functionGlobals().get("Tracing")))
                    .as(function.getKey())
                    .isEqualTo("Active");
        }
    }

    @Test
    void everyFunctionKnowsTheMetricsNamespace() {
        for (var function : template.resources("AWS::Serverless::Function").entrySet()) {
            assertThat(template.environment(function.getValue()).keySet())
                    .as(function.getKey())
                    .containsAll(Telemetry.TEMPLATE_VARIABLES);
        }
    }

    private String body() {
        Map<String, Object> properties =
                SamTemplate.asMap(SamTemplate.asMap(resources.get("Dashboard")).get("Properties"));
        return String.valueOf(SamTemplate.asMap(properties.get("DashboardBody")).get("Fn::Sub"));
    }

    /** Each metric row of every widget, its first four entries: namespace, name, dimension, value. */
    private List<List<String>> metricRows() throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode widget : JSON.readTree(body()).path("widgets")) {
            for (JsonNode row : widget.path("properties").path("metrics")) {
                List<String> entries = new ArrayList<>();
                for (int i = 0; i < 4 && i < row.size(); i++) {
                    entries.add(row.get(i).asText());
                }
                rows.add(entries);
            }
        }
        return rows;
    }

    private static Map<Metric, String> emitters() {
        Map<Metric, String> emitters = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            String name = metric.metricName();
            emitters.put(
                    metric,
                    name.startsWith("Webhook")
                            ? "WebhookDispatcherFunction"
                            : name.startsWith("Validation") ? "PrepareFunction" : "ChunkWorkerFunction");
        }
        return emitters;
    }

    private static Map<String, Object> loadWritten() {
        try (Reader reader = Files.newBufferedReader(LocalCloudOptions.findTemplate(Path.of("")))) {
            return new Yaml(new CfnIntrinsics.CfnConstructor()).load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
