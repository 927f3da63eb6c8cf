package dev.batchjobs.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.events.Delivery;
import dev.batchjobs.domain.events.DeliveryQueue;
import dev.batchjobs.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Deliveries waiting for a retry are messages on the webhook queue (the same queue the bus feeds), delayed
 * up to SQS's 15-minute maximum; a longer wait takes several hops ({@link Delivery#notBefore()} says when it
 * is due). Deliveries given up go to the webhook dead-letter queue with their last error.
 */
public final class SqsDeliveryQueue implements DeliveryQueue {
    static final String KIND = "delivery";
    private static final long MAX_DELAY_SECONDS = 900;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String deadLetterQueueUrl;

    public SqsDeliveryQueue(SqsClient sqs, String queueUrl, String deadLetterQueueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    @Override
    public void retryLater(Delivery delivery, Duration delay) {
        int seconds = (int) Math.max(0, Math.min(MAX_DELAY_SECONDS, (delay.toMillis() + 999) / 1000));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(toJson(delivery)).delaySeconds(seconds));
    }

    @Override
    public void deadLetter(Delivery delivery) {
        sqs.sendMessage(b -> b.queueUrl(deadLetterQueueUrl).messageBody(toJson(delivery)));
    }

    public static String toJson(Delivery d) {
        ObjectNode root = Json.object();
        ObjectNode node = root.putObject(KIND);
        node.put("account_id", d.accountId());
        node.put("event_id", d.eventId());
        node.put("destination_id", d.destinationId());
        node.put("attempts", d.attempts());
        node.put("first_attempt_at", d.firstAttemptAt().toString());
        node.put("not_before", d.notBefore().toString());
        node.put("last_error", d.lastError());
        return Json.write(root);
    }

    /** The delivery a message carries, or empty if the message is something else (an event from the bus). */
    public static Optional<Delivery> fromJson(JsonNode root) {
        JsonNode node = root.get(KIND);
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new Delivery(
                node.path("account_id").asText(),
                node.path("event_id").asText(),
                node.path("destination_id").asText(),
                node.path("attempts").asInt(),
                Instant.parse(node.path("first_attempt_at").asText()),
                Instant.parse(node.path("not_before").asText()),
                node.hasNonNull("last_error") ? node.get("last_error").asText() : null));
    }
}
