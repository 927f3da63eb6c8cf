package dev.batchjobs.local.sfn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.local.LocalCloudOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The interpreter running the project's real state machine definition, with stand-in task functions. */
class LocalStateMachineTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:";

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<JsonNode> finishInputs = new CopyOnWriteArrayList<>();
    private LocalStateMachine machine;

    private static String definition() throws Exception {
        Path file = LocalCloudOptions.findTemplate(Path.of(""))
                .getParent()
                .resolve("infrastructure/statemachine/batch-job.asl.json");
        return Files.readString(file).replaceAll("\\$\\{([A-Za-z]+)FunctionArn}", ARN + "$1");
    }

    private static JsonNode uploadEvent() {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.putObject("detail")
                .putObject("object")
                .put("key", "inputs/acct_a/batchv2_J/input")
                .put("size", 120);
        return event;
    }

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private LocalStateMachine machine(
            UnaryOperator<JsonNode> begin, UnaryOperator<JsonNode> prepare, UnaryOperator<JsonNode> dispatch)
            throws Exception {
        machine = new LocalStateMachine(
                definition(),
                Map.of(
                        ARN + "Begin", recorded("Begin", begin),
                        ARN + "Prepare", recorded("Prepare", prepare),
                        ARN + "Dispatch", recorded("Dispatch", dispatch),
                        ARN + "Finish",
                                recorded("Finish", input -> {
                                    finishInputs.add(input);
                                    return object("{\"status\": \"complete\"}");
                                }),
                        ARN + "Fail", recorded("Fail", input -> object("{\"status\": \"batch_failed\"}"))),
                0.001);
        return machine;
    }

    private UnaryOperator<JsonNode> recorded(String name, UnaryOperator<JsonNode> function) {
        return input -> {
            calls.add(name);
            return function.apply(input);
        };
    }

    private static JsonNode begun(long timeoutSeconds) {
        return object("{\"proceed\": true, \"accountId\": \"acct_a\", \"jobId\": \"batchv2_J\", \"timeoutSeconds\": "
                + timeoutSeconds + "}");
    }

    @Test
    void anUploadRunsBeginPrepareTheChunksAndFinish() throws Exception {
        machine(in -> begun(30), in -> object("{\"proceed\": true, \"chunkCount\": 2}"), in -> {
            String token = in.get("task_token").asText();
            // The last worker sends the token back, later and from another thread.
            new Thread(() -> machine.sendTaskSuccess(token, object("{\"chunks\": \"settled\"}"))).start();
            return object("{\"dispatched\": true}");
        });

        LocalStateMachine.Outcome outcome = machine.start(uploadEvent()).get(10, TimeUnit.SECONDS);

        assertThat(outcome.status()).isEqualTo("SUCCEEDED");
        assertThat(calls).containsExactly("Begin", "Prepare", "Dispatch", "Finish");
        assertThat(finishInputs.get(0).get("ending").asText()).isEqualTo("CHUNKS_DONE");
        assertThat(finishInputs.get(0).get("chunk_count").asInt()).isEqualTo(2);
    }

    @Test
    void aLateOrDuplicateUploadEndsAtOnce() throws Exception {
        machine(in -> object("{\"proceed\": false, \"reason\": \"job is validating\"}"), in -> in, in -> in);

        LocalStateMachine.Outcome outcome = machine.start(uploadEvent()).get(10, TimeUnit.SECONDS);

        assertThat(outcome.status()).isEqualTo("SUCCEEDED");
        assertThat(calls).containsExactly("Begin");
    }

    @Test
    void aJobPastItsDeadlineEndsThroughTimedOut() throws Exception {
        machine(in -> begun(1), in -> object("{\"proceed\": true, \"chunkCount\": 3}"), in -> object("{}"));

        LocalStateMachine.Outcome outcome = machine.start(uploadEvent()).get(10, TimeUnit.SECONDS);

        assertThat(outcome.status()).isEqualTo("SUCCEEDED");
        assertThat(calls).containsExactly("Begin", "Prepare", "Dispatch", "Finish", "Finish");
        assertThat(finishInputs.get(0).get("ending").asText()).isEqualTo("DEADLINE_PASSED");
        assertThat(finishInputs.get(1).get("ending").asText()).isEqualTo("RESULTS_AFTER_TIMEOUT");
    }

    @Test
    void aFailingPrepareIsTriedTwiceMoreThenCaughtIntoBatchFailed() throws Exception {
        machine(
                in -> begun(30),
                in -> {
                    throw new IllegalStateException("the input could not be read");
                },
                in -> in);

        LocalStateMachine.Outcome outcome = machine.start(uploadEvent()).get(10, TimeUnit.SECONDS);

        assertThat(outcome.status()).isEqualTo("FAILED");
        assertThat(outcome.error()).isEqualTo("BatchFailed");
        assertThat(calls).containsExactly("Begin", "Prepare", "Prepare", "Prepare", "Fail");
    }

    /** A Begin that keeps failing ends the job batch_failed, found by its upload key, instead of leaving it waiting. */
    @Test
    void aBeginThatKeepsFailingIsRetriedThenEndsTheJobByItsKey() throws Exception {
        List<JsonNode> failInputs = new ArrayList<>();
        machine = new LocalStateMachine(
                definition(),
                Map.of(
                        ARN + "Begin",
                                recorded("Begin", in -> {
                                    throw new IllegalStateException("the jobs table is unreachable");
                                }),
                        ARN + "Fail",
                                recorded("Fail", in -> {
                                    failInputs.add(in);
                                    return object("{\"status\": \"batch_failed\"}");
                                })),
                0.001);

        LocalStateMachine.Outcome outcome = machine.start(uploadEvent()).get(10, TimeUnit.SECONDS);

        assertThat(outcome.status()).isEqualTo("FAILED");
        assertThat(calls).containsExactly("Begin", "Begin", "Begin", "Begin", "Fail");
        assertThat(failInputs.get(0).get("key").asText()).isEqualTo("inputs/acct_a/batchv2_J/input");
    }

    @Test
    void aTransientLambdaErrorIsRetried() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        machine(
                in -> {
                    if (tries.incrementAndGet() < 3) {
                        throw new StatesException("Lambda.ServiceException", "try again");
                    }
                    return object("{\"proceed\": false}");
                },
                in -> in,
                in -> in);

        LocalStateMachine.Outcome outcome = machine.start(uploadEvent()).get(10, TimeUnit.SECONDS);

        assertThat(outcome.status()).isEqualTo("SUCCEEDED");
        assertThat(tries.get()).isEqualTo(3);
    }

    @Test
    void aTokenThatNobodyWaitsForIsRefused() throws Exception {
        machine(in -> begun(30), in -> in, in -> in);

        assertThat(machine.sendTaskSuccess("no-such-token", object("{}"))).isFalse();
    }
}
