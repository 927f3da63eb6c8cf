package dev.batchjobs.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.chunks.ChunkQueue;
import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Chunk messages on an SQS FIFO queue with {@code MessageGroupId} = job id: SQS hands one message of a group
 * to one consumer at a time, so a job is held by one worker and its rate needs no distributed limiter.
 */
public final class SqsChunkQueue implements ChunkQueue {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** SQS's ceiling for a message's visibility timeout: 12 hours. */
    private static final long MAX_VISIBILITY_SECONDS = 43_200;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsChunkQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(ChunkMessage message, String deduplicationId) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl)
                .messageBody(encode(message))
                .messageGroupId(message.jobId())
                .messageDeduplicationId(deduplicationId));
    }

    /**
     * Makes a received message visible again after {@code delay} rather than after the queue's visibility timeout (3
     * minutes): sooner for a failing chunk, and later, again and again, for one whose worker is still running it.
     */
    public void redeliverAfter(String receiptHandle, Duration delay) {
        sqs.changeMessageVisibility(
                b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout((int)
                        Math.min(delay.toSeconds(), MAX_VISIBILITY_SECONDS)));
    }

    public static String encode(ChunkMessage message) {
        return MAPPER.createObjectNode()
                .put("account_id", message.accountId())
                .put("job_id", message.jobId())
                .put("chunk", message.chunk())
                .toString();
    }

    public static ChunkMessage decode(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return new ChunkMessage(
                    node.get("account_id").textValue(),
                    node.get("job_id").textValue(),
                    node.get("chunk").intValue());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("Not a chunk message: " + body, e);
        }
    }
}
