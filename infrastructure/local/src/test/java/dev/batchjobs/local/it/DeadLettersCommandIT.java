package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.batchjobs.cli.DeadLettersCommand;
import dev.batchjobs.local.LocalCloudOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The operator's dead-letter command against ElasticMQ, on queues of its own shaped like the stack's (a webhook
 * queue with its dead-letter queue, an EventBridge target's dead-letter queue), so the product's consumers do not
 * drain what the test looks at.
 */
class DeadLettersCommandIT {
    private final SqsClient sqs = LocalClients.sqs();
    private String webhookQueue;
    private String webhookDeadLetters;
    private String eventsRuleDeadLetters;
    private Map<String, String> environment;

    @BeforeEach
    void createQueues() {
        String run = Long.toString(System.nanoTime());
        webhookDeadLetters =
                sqs.createQueue(b -> b.queueName("ops-webhook-dlq-" + run)).queueUrl();
        String deadLetterArn = sqs.getQueueAttributes(
                        b -> b.queueUrl(webhookDeadLetters).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        webhookQueue = sqs.createQueue(b -> b.queueName("ops-webhook-" + run)
                        .attributes(Map.of(
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\"5\"}")))
                .queueUrl();
        eventsRuleDeadLetters =
                sqs.createQueue(b -> b.queueName("ops-events-dlq-" + run)).queueUrl();
        environment = Map.of(
                "WEBHOOK_QUEUE_URL", webhookQueue,
                "WEBHOOK_DEAD_LETTER_QUEUE_URL", webhookDeadLetters,
                "EVENTS_RULE_DEAD_LETTER_QUEUE_URL", eventsRuleDeadLetters);
    }

    @Test
    void showCountsEachQueueAndPrintsItsMessagesWithoutTakingThem() {
        sqs.sendMessage(b -> b.queueUrl(eventsRuleDeadLetters)
                .messageBody("{\"detail-type\":\"v2.core.batch_job.completed\"}")
                .messageAttributes(Map.of("ERROR_CODE", text("SDK_CLIENT_ERROR"))));

        String shown = run("show");

        assertThat(shown)
                .contains("webhook: 0 message(s)")
                .contains("events-rule: 1 message(s)")
                .contains("ERROR_CODE=SDK_CLIENT_ERROR")
                .contains("v2.core.batch_job.completed")
                .contains("chunk: not configured");
        assertThat(count(eventsRuleDeadLetters)).isEqualTo(1);
    }

    @Test
    void redriveSendsBothQueuesMessagesBackToTheWebhookQueue() {
        sqs.sendMessage(b -> b.queueUrl(webhookDeadLetters).messageBody("{\"delivery\":\"d1\"}"));
        sqs.sendMessage(b -> b.queueUrl(eventsRuleDeadLetters).messageBody("{\"event\":\"e1\"}"));

        String redriven = run("redrive");

        // ElasticMQ has SQS's message move tasks: the webhook queue's are moved by one, the rule's are re-sent.
        assertThat(redriven).contains("webhook: move task started").contains("events-rule: moved 1 message(s)");
        List<String> arrived = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    sqs.receiveMessage(b -> b.queueUrl(webhookQueue).maxNumberOfMessages(10))
                            .messages()
                            .forEach(m -> arrived.add(m.body()));
                    return arrived.size() >= 2;
                });
        assertThat(arrived).containsExactlyInAnyOrder("{\"delivery\":\"d1\"}", "{\"event\":\"e1\"}");
        assertThat(count(webhookDeadLetters)).isZero();
        assertThat(count(eventsRuleDeadLetters)).isZero();
    }

    /** Exactly what the README tells the operator to run for the webhook queue: that queue only. */
    @Test
    void theReadmesWebhookRedriveMovesOnlyTheWebhookDeadLetters() throws IOException {
        List<String> readme = readmeInvocation("redrive --queue webhook");
        sqs.sendMessage(b -> b.queueUrl(webhookDeadLetters).messageBody("{\"delivery\":\"d2\"}"));
        sqs.sendMessage(b -> b.queueUrl(eventsRuleDeadLetters).messageBody("{\"event\":\"e2\"}"));

        String redriven = run(readme.toArray(String[]::new));

        assertThat(redriven).contains("webhook: move task started").doesNotContain("events-rule");
        List<String> arrived = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    sqs.receiveMessage(b -> b.queueUrl(webhookQueue).maxNumberOfMessages(10))
                            .messages()
                            .forEach(m -> arrived.add(m.body()));
                    return !arrived.isEmpty();
                });
        assertThat(arrived).containsExactly("{\"delivery\":\"d2\"}");
        assertThat(count(webhookDeadLetters)).isZero();
        assertThat(count(eventsRuleDeadLetters)).isEqualTo(1);
    }

    /** The arguments of the README's DeadLettersCommand line that ends with {@code ending}. */
    private static List<String> readmeInvocation(String ending) throws IOException {
        Path readme = LocalCloudOptions.findTemplate(Path.of("")).resolveSibling("README.md");
        String marker = DeadLettersCommand.class.getName() + " ";
        List<String> lines = Files.readAllLines(readme).stream()
                .map(String::strip)
                .filter(l -> l.startsWith("java ") && l.contains(marker) && l.endsWith(ending))
                .toList();
        assertThat(lines).as("the README's line ending '" + ending + "'").hasSize(1);
        String line = lines.get(0);
        return List.of(line.substring(line.indexOf(marker) + marker.length()).split(" +"));
    }

    private String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DeadLettersCommand.run(
                List.of(args),
                environment,
                sqs,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private int count(String url) {
        return Integer.parseInt(sqs.getQueueAttributes(
                        b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }
}
