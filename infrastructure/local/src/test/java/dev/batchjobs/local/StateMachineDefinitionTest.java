package dev.batchjobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The state machine's definition holds together: every transition names a state that exists, every state
 * is reachable, the work states retry transient errors and catch the rest into the failure path, and the
 * wait for chunks is bounded by the job's processing deadline.
 */
class StateMachineDefinitionTest {
    private static final Path DEFINITION = LocalCloudOptions.findTemplate(Path.of(""))
            .getParent()
            .resolve("infrastructure/statemachine/batch-job.asl.json");
    private final JsonNode root = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(Files.readString(DEFINITION));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + DEFINITION, e);
        }
    }

    private List<String> targets(JsonNode state) {
        List<String> targets = new ArrayList<>();
        if (state.has("Next")) {
            targets.add(state.get("Next").asText());
        }
        if (state.has("Default")) {
            targets.add(state.get("Default").asText());
        }
        state.path("Choices").forEach(choice -> targets.add(choice.get("Next").asText()));
        state.path("Catch").forEach(c -> targets.add(c.get("Next").asText()));
        return targets;
    }

    @Test
    void everyTransitionNamesAStateAndEveryStateIsReachable() {
        JsonNode states = root.get("States");
        Set<String> reachable = new HashSet<>();
        List<String> frontier = new ArrayList<>(List.of(root.get("StartAt").asText()));
        while (!frontier.isEmpty()) {
            String name = frontier.remove(frontier.size() - 1);
            assertThat(states.has(name)).as("state " + name).isTrue();
            if (reachable.add(name)) {
                frontier.addAll(targets(states.get(name)));
            }
        }
        List<String> all = new ArrayList<>();
        states.fieldNames().forEachRemaining(all::add);
        assertThat(reachable).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void everyTaskRetriesAndEveryTaskButTheFailureStepsCatchesIntoAFailurePath() {
        root.get("States").fields().forEachRemaining(entry -> {
            JsonNode state = entry.getValue();
            if (!"Task".equals(state.get("Type").asText())) {
                return;
            }
            assertThat(state.path("Retry").size())
                    .as(entry.getKey() + " retries")
                    .isPositive();
            boolean failureStep =
                    entry.getKey().equals("BatchFailed") || entry.getKey().equals("BeginFailed");
            if (entry.getKey().equals("Begin")) {
                // No job id is known yet but the upload's key: its own failure step reads the job from the key.
                assertThat(targets(state)).as("Begin catches").contains("BeginFailed");
            } else if (!failureStep) {
                assertThat(targets(state)).as(entry.getKey() + " catches").contains("BatchFailed");
            }
        });
    }

    @Test
    void theWaitForChunksUsesTheTaskTokenAndTheJobsDeadline() {
        JsonNode run = root.get("States").get("RunChunks");

        assertThat(run.get("Resource").asText()).endsWith(".waitForTaskToken");
        assertThat(run.get("Parameters").get("Payload").get("task_token.$").asText())
                .isEqualTo("$$.Task.Token");
        assertThat(run.get("TimeoutSecondsPath").asText()).isEqualTo("$.begin.timeoutSeconds");
        assertThat(run.get("Catch").get(0).get("ErrorEquals").get(0).asText()).isEqualTo("States.Timeout");
        assertThat(run.get("Catch").get(0).get("Next").asText()).isEqualTo("TimedOut");
    }

    @Test
    void thePlaceholdersAreTheFunctionsTheTemplateWillSubstitute() throws Exception {
        Matcher matcher = Pattern.compile("\\$\\{([A-Za-z]+)}").matcher(Files.readString(DEFINITION));
        Set<String> placeholders = new HashSet<>();
        while (matcher.find()) {
            placeholders.add(matcher.group(1));
        }

        assertThat(placeholders)
                .containsExactlyInAnyOrder(
                        "BeginFunctionArn",
                        "PrepareFunctionArn",
                        "DispatchFunctionArn",
                        "FinishFunctionArn",
                        "FailFunctionArn");
    }
}
