package dev.batchjobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.handlers.ChunkWorkerHandler;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Holds the template to what keeps one busy account's workers from starving everything else: a cap on the
 * workers, concurrency the control plane may reserve, and pipeline steps that retry a crash before they give up.
 */
class TemplateConcurrencyTest {
    private static final String WORKER = "ChunkWorkerFunction";
    /** The small worker, for slow jobs: a worker like the other, its concurrency capped the same way. */
    private static final String SMALL_WORKER = "SmallChunkWorkerFunction";

    private final Path templatePath = LocalCloudOptions.findTemplate(Path.of(""));
    private final Map<String, Object> resources = SamTemplate.asMap(written().get("Resources"));

    @Test
    void theChunkWorkersRunAtMostTheConcurrencyTheOperatorAllows() {
        Map<String, Object> events = SamTemplate.asMap(properties(WORKER).get("Events"));
        Map<String, Object> chunks =
                SamTemplate.asMap(SamTemplate.asMap(events.get("Chunks")).get("Properties"));

        assertThat(SamTemplate.asMap(chunks.get("ScalingConfig")).get("MaximumConcurrency"))
                .isEqualTo(Map.of("Ref", "ChunkWorkerMaxConcurrency"));
        assertThat(parameter("ChunkWorkerMaxConcurrency").get("MinValue")).isEqualTo(2);
    }

    @Test
    void theLocalCloudRunsAsManyChunkWorkersAtOnceAsTheTemplateAllowsOnAws() {
        assertThat(workerSource(Map.of()).maximumConcurrency())
                .contains(Integer.parseInt(
                        String.valueOf(parameter("ChunkWorkerMaxConcurrency").get("Default"))));
        assertThat(workerSource(Map.of("ChunkWorkerMaxConcurrency", "7")).maximumConcurrency())
                .contains(7);
    }

    private SamTemplate.SqsSource workerSource(Map<String, String> parameters) {
        return SamTemplate.load(templatePath, "batchjobs", parameters).functions().stream()
                .filter(f -> f.logicalId().equals(WORKER))
                .findFirst()
                .orElseThrow()
                .sqsSources()
                .get(0);
    }

    @Test
    void aThrottledOrCrashedChunkComesBackInMinutesAndARunningWorkerKeepsItsMessage() {
        Map<String, Object> queue = properties("ChunkQueue");
        int visibility = ((Number) queue.get("VisibilityTimeout")).intValue();
        int workerTimeout = ((Number) properties(WORKER).get("Timeout")).intValue();

        assertThat(Duration.ofSeconds(visibility)).isEqualTo(ChunkWorkerHandler.VISIBILITY);
        assertThat(visibility).isLessThanOrEqualTo(300).isLessThan(workerTimeout);
        // The heartbeat renews the visibility well before it runs out, twice over.
        assertThat(ChunkWorkerHandler.HEARTBEAT.multipliedBy(2)).isLessThan(ChunkWorkerHandler.VISIBILITY);
        // Five deliveries: a throttled chunk has 15 minutes of retries, a failing one ends its job in about eight.
        assertThat(SamTemplate.asMap(queue.get("RedrivePolicy")).get("maxReceiveCount"))
                .isEqualTo(5);
    }

    @Test
    void theChunkQueueScalesPerJobNotPerQueue() {
        Map<String, Object> queue = properties("ChunkQueue");

        assertThat(queue)
                .containsEntry("FifoQueue", true)
                .containsEntry("DeduplicationScope", "messageGroup")
                .containsEntry("FifoThroughputLimit", "perMessageGroupId");
    }

    @Test
    @SuppressWarnings("unchecked")
    void noIndexOfTheJobsTableCopiesWhatARunningJobWritesEverySecond() {
        List<Map<String, Object>> indexes =
                (List<Map<String, Object>>) properties("JobsTable").get("GlobalSecondaryIndexes");

        assertThat(indexes).allSatisfy(index -> {
            Map<String, Object> projection = SamTemplate.asMap(index.get("Projection"));
            assertThat(projection.get("ProjectionType"))
                    .as(index.get("IndexName").toString())
                    .isNotEqualTo("ALL");
            assertThat((List<Object>) projection.getOrDefault("NonKeyAttributes", List.of()))
                    .isSubsetOf("status", "livemode");
        });
    }

    @Test
    void everyControlPlaneFunctionCanHaveConcurrencyReservedAndTheWorkerNever() {
        List<String> controlPlane = new ArrayList<>();
        resources.forEach((id, resource) -> {
            if ("AWS::Serverless::Function".equals(SamTemplate.asMap(resource).get("Type"))
                    && !id.equals(WORKER)
                    && !id.equals(SMALL_WORKER)) {
                controlPlane.add(id);
            }
        });

        assertThat(controlPlane).hasSizeGreaterThanOrEqualTo(9);
        assertThat(controlPlane)
                .allSatisfy(id -> assertThat(properties(id).get("ReservedConcurrentExecutions"))
                        .as(id)
                        .isEqualTo(Map.of(
                                "Fn::If",
                                List.of(
                                        "ReserveControlPlaneConcurrency",
                                        Map.of("Ref", "ControlPlaneReservedConcurrency"),
                                        Map.of("Ref", "AWS::NoValue")))));
        assertThat(properties(WORKER)).doesNotContainKey("ReservedConcurrentExecutions");
        assertThat(properties(SMALL_WORKER)).doesNotContainKey("ReservedConcurrentExecutions");
        // 0 (the default) reserves nothing, so a new account with little concurrency can deploy.
        assertThat(parameter("ControlPlaneReservedConcurrency").get("Default")).isEqualTo(0);
    }

    @Test
    void beginAndPrepareRetryACrashedTaskAndThenEndTheJobInsteadOfTheExecution() throws IOException {
        JsonNode states = new ObjectMapper()
                .readTree(templatePath
                        .getParent()
                        .resolve("infrastructure/statemachine/batch-job.asl.json")
                        .toFile())
                .get("States");

        for (String step : List.of("Begin", "Prepare")) {
            JsonNode state = states.get(step);
            assertThat(retries(state, "States.TaskFailed")).as(step).isBetween(1, 3);
            assertThat(state.at("/Catch/0/ErrorEquals/0").asText()).as(step).isEqualTo("States.ALL");
            String fallback = state.at("/Catch/0/Next").asText();
            assertThat(states.get(fallback).get("Resource").asText()).as(step).isEqualTo("${FailFunctionArn}");
        }
    }

    private static int retries(JsonNode state, String error) {
        for (JsonNode retrier : state.path("Retry")) {
            for (JsonNode name : retrier.path("ErrorEquals")) {
                if (name.asText().equals(error)) {
                    return retrier.path("MaxAttempts").asInt(3);
                }
            }
        }
        return 0;
    }

    private Map<String, Object> properties(String id) {
        return SamTemplate.asMap(SamTemplate.asMap(resources.get(id)).get("Properties"));
    }

    private Map<String, Object> parameter(String name) {
        return SamTemplate.asMap(SamTemplate.asMap(written().get("Parameters")).get(name));
    }

    private Map<String, Object> written() {
        try (Reader reader = Files.newBufferedReader(templatePath)) {
            return new Yaml(new CfnIntrinsics.CfnConstructor()).load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
