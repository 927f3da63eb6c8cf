package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.domain.Metric;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The metrics a job leaves in the functions' logs, read back as CloudWatch reads them: every line of embedded
 * metric format is one JSON object whose {@code _aws.CloudWatchMetrics} directive names its metrics, and the values
 * add up to what the job did.
 */
class MetricsIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final LocalCloud cloud = SharedLocalCloud.get();

    @Test
    void aJobsWorkerValidationAndWebhookMetricsAreEmfLinesInTheirFunctionsLogs() throws Exception {
        LocalApi api = new LocalApi(
                cloud,
                cloud.issueApiKey(
                        "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)));
        String inbox = cloud.apiBaseUrl() + "/_local/webhooks/metrics-" + UUID.randomUUID();
        api.call(
                "POST",
                "/v2/core/event_destinations",
                "{\"enabled_events\": [\"v2.core.batch_job.completed\"], \"webhook_endpoint\": {\"url\": \"" + inbox
                        + "\"}}");
        // 29 customers that exist and one that does not: 29 succeed, 1 fails with a 404.
        String file = IntStream.rangeClosed(1, 29)
                        .mapToObj(i -> String.format(
                                "{\"id\":\"r%d\",\"path_params\":{\"id\":\"cus_%04d\"},\"params\":{\"name\":\"M\"}}",
                                i, i))
                        .collect(Collectors.joining("\n", "", "\n"))
                + "{\"id\":\"r30\",\"path_params\":{\"id\":\"cus_nobody\"},\"params\":{\"name\":\"M\"}}\n";
        String job = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 50}",
                file);

        await().atMost(DEADLINE)
                .until(() -> api.job(job).path("status").asText().equals("complete"));

        List<JsonNode> worker = linesOf("ChunkWorkerFunction", job);
        assertThat(worker)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(namesMetrics(line, "ChunkWorkerFunction"))
                        .contains(
                                "RowsSent",
                                "RowsSucceeded",
                                "RowsFailed",
                                "RowsRetried",
                                "RowsThrottled",
                                "AchievedRps"));
        assertThat(sum(worker, Metric.ROWS_SUCCEEDED)).isEqualTo(29);
        assertThat(sum(worker, Metric.ROWS_FAILED)).isEqualTo(1);
        assertThat(sum(worker, Metric.ROWS_SENT)).isEqualTo(30);
        assertThat(sum(worker, Metric.ROWS_RETRIED)).isZero();
        assertThat(sum(worker, Metric.ROWS_THROTTLED)).isZero();
        assertThat(worker)
                .allSatisfy(
                        line -> assertThat(line.path("AchievedRps").asDouble()).isBetween(0.0, 51.0));

        List<JsonNode> validation = linesOf("PrepareFunction", job);
        assertThat(validation).hasSize(1);
        assertThat(namesMetrics(validation.get(0), "PrepareFunction")).containsExactly("ValidationRowsPerSecond");
        assertThat(validation.get(0).path("ValidationRowsPerSecond").asDouble()).isPositive();
        assertThat(validation.get(0).path("rows").asText()).isEqualTo("30");

        await().atMost(DEADLINE)
                .until(() -> !linesOf("WebhookDispatcherFunction", job).isEmpty());
        List<JsonNode> deliveries = linesOf("WebhookDispatcherFunction", job);
        assertThat(deliveries).hasSize(1);
        JsonNode delivered = deliveries.get(0);
        assertThat(namesMetrics(delivered, "WebhookDispatcherFunction"))
                .containsExactly("WebhookDeliveries", "WebhookDeliveryLag");
        assertThat(delivered.path("WebhookDeliveries").asLong()).isEqualTo(1);
        assertThat(delivered.path("WebhookDeliveryLag").asLong()).isBetween(0L, DEADLINE.toMillis());
        assertThat(delivered.path("event_type").asText()).isEqualTo("v2.core.batch_job.completed");
    }

    /** The function's metric lines about one job; every line of its log that is not one is skipped. */
    private List<JsonNode> linesOf(String function, String job) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : cloud.functionLogs().lines(function)) {
            JsonNode parsed;
            try {
                parsed = MAPPER.readTree(line);
            } catch (Exception e) {
                throw new IllegalStateException("Not JSON in " + function + "'s log: " + line, e);
            }
            if (parsed.has("_aws") && parsed.path("job_id").asText().equals(job)) {
                lines.add(parsed);
            }
        }
        return lines;
    }

    /** The metric names the line's directive declares, checked against what CloudWatch requires of the line. */
    private static List<String> namesMetrics(JsonNode line, String function) {
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(line.path("_aws").path("Timestamp").isIntegralNumber()).isTrue();
        assertThat(directive.path("Namespace").asText()).isEqualTo("BatchJobs");
        assertThat(directive.path("Dimensions").get(0).get(0).asText()).isEqualTo("FunctionName");
        assertThat(line.path("FunctionName").asText()).isEqualTo(function);
        List<String> names = new ArrayList<>();
        for (JsonNode metric : directive.path("Metrics")) {
            String name = metric.path("Name").asText();
            assertThat(line.path(name).isNumber()).as(name + " is a number").isTrue();
            names.add(name);
        }
        return names;
    }

    private static long sum(List<JsonNode> lines, Metric metric) {
        return lines.stream()
                .mapToLong(l -> l.path(metric.metricName()).asLong())
                .sum();
    }
}
