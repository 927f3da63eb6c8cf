package dev.batchjobs.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.domain.chunks.ChunkLane;
import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.chunks.ChunkQueue;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Chunk messages on an SQS FIFO queue with {@code MessageGroupId} = job id: SQS hands one message of a group
 * to one consumer at a time, so a job is held by one worker and its rate needs no distributed limiter. There are two
 * such queues, one per {@link ChunkLane}; a message goes to its lane's, so all of a job's messages are in one queue.
 */
public final class SqsChunkQueue implements ChunkQueue {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** SQS's ceiling for a message's visibility timeout: 12 hours. */
    private static final long MAX_VISIBILITY_SECONDS = 43_200;

    private final SqsClient sqs;
    private final String queueUrl;
    private final Optional<String> smallQueueUrl;

    public SqsChunkQueue(SqsClient sqs, String queueUrl, Optional<String> smallQueueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.smallQueueUrl = smallQueueUrl;
    }

    /** The standard lane's queue only. */
    public SqsChunkQueue(SqsClient sqs, String queueUrl) {
        this(sqs, queueUrl, Optional.empty());
    }

    /** The queue of a lane; the small lane's only where the environment names its queue. */
    public String queueUrl(ChunkLane lane) {
        if (lane == ChunkLane.STANDARD) {
            return queueUrl;
        }
        // Never the standard queue instead: a job's messages must stay in one queue.
        return smallQueueUrl.orElseThrow(
                () -> new IllegalStateException("A small-lane chunk message, but no small chunk queue is configured"));
    }

    @Override
    public void send(ChunkMessage message, String deduplicationId) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl(message.lane()))
                .messageBody(encode(message))
                .messageGroupId(message.jobId())
                .messageDeduplicationId(deduplicationId));
    }

    /**
     * Makes a received message visible again after {@code delay} rather than after the queue's visibility timeout (3
     * minutes): sooner for a failing chunk, and later, again and again, for one whose worker is still running it.
     */
    public void redeliverAfter(ChunkLane lane, String receiptHandle, Duration delay) {
        sqs.changeMessageVisibility(
                b -> b.queueUrl(queueUrl(lane)).receiptHandle(receiptHandle).visibilityTimeout((int)
                        Math.min(delay.toSeconds(), MAX_VISIBILITY_SECONDS)));
    }

    public static String encode(ChunkMessage message) {
        return MAPPER.createObjectNode()
                .put("account_id", message.accountId())
                .put("job_id", message.jobId())
                .put("chunk", message.chunk())
                .put("lane", message.lane().wireName())
                .toString();
    }

    /** The lane a message body names, as well as it can be read: standard for a message of before lanes, or none. */
    public static ChunkLane laneOf(String body) {
        try {
            return laneOf(MAPPER.readTree(body));
        } catch (JsonProcessingException | RuntimeException e) {
            return ChunkLane.STANDARD;
        }
    }

    private static ChunkLane laneOf(JsonNode node) {
        JsonNode lane = node == null ? null : node.get("lane");
        return ChunkLane.fromWireName(lane == null ? null : lane.textValue());
    }

    public static ChunkMessage decode(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return new ChunkMessage(
                    node.get("account_id").textValue(),
                    node.get("job_id").textValue(),
                    node.get("chunk").intValue(),
                    laneOf(node));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("Not a chunk message: " + body, e);
        }
    }
}
