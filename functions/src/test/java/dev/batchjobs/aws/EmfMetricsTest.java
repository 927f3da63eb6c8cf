package dev.batchjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.Metric;
import dev.batchjobs.domain.MetricRecord;
import dev.batchjobs.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmfMetricsTest {
    private final List<String> stdout = new ArrayList<>();
    private final EmfMetrics metrics = new EmfMetrics(
            "BatchJobs",
            "stack-ChunkWorkerFunction-abc",
            stdout::add,
            Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void aRecordIsOneJsonLineThatNamesItsMetricsUnderTheFunctionsDimension() throws Exception {
        metrics.publish(MetricRecord.builder()
                .put(Metric.ROWS_SENT, 42)
                .put(Metric.ACHIEVED_RPS, 9.5)
                .property("job_id", "batch_test_1")
                .build());

        assertThat(stdout).hasSize(1);
        assertThat(stdout.get(0)).doesNotContain("\n");
        JsonNode line = Json.MAPPER.readTree(stdout.get(0));
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(line.path("_aws").path("Timestamp").asLong())
                .isEqualTo(Instant.parse("2026-11-23T10:00:00Z").toEpochMilli());
        assertThat(directive.path("Namespace").asText()).isEqualTo("BatchJobs");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"FunctionName\"]]");
        assertThat(directive.path("Metrics").toString())
                .isEqualTo("[{\"Name\":\"RowsSent\",\"Unit\":\"Count\"},"
                        + "{\"Name\":\"AchievedRps\",\"Unit\":\"Count/Second\"}]");
        assertThat(line.path("FunctionName").asText()).isEqualTo("stack-ChunkWorkerFunction-abc");
        assertThat(line.path("RowsSent").isIntegralNumber()).isTrue();
        assertThat(line.path("RowsSent").asLong()).isEqualTo(42);
        assertThat(line.path("AchievedRps").asDouble()).isEqualTo(9.5);
        // The job is a property, never a dimension: one metric per function, not one per job.
        assertThat(line.path("job_id").asText()).isEqualTo("batch_test_1");
    }

    @Test
    void aPropertyCannotOverwriteAMetricOrTheDimension() throws Exception {
        metrics.publish(MetricRecord.builder()
                .put(Metric.ROWS_SENT, 1)
                .property("RowsSent", "lots")
                .property("FunctionName", "another")
                .build());

        JsonNode line = Json.MAPPER.readTree(stdout.get(0));
        assertThat(line.path("RowsSent").asLong()).isEqualTo(1);
        assertThat(line.path("FunctionName").asText()).isEqualTo("stack-ChunkWorkerFunction-abc");
    }

    @Test
    void aRecordWithoutValuesWritesNothingAndAFailingOutputFailsNoWork() {
        metrics.publish(MetricRecord.builder().property("job_id", "x").build());
        new EmfMetrics(
                        "BatchJobs",
                        "f",
                        line -> {
                            throw new IllegalStateException("closed");
                        },
                        Clock.systemUTC())
                .publish(MetricRecord.builder().put(Metric.ROWS_SENT, 1).build());

        assertThat(stdout).isEmpty();
    }
}
