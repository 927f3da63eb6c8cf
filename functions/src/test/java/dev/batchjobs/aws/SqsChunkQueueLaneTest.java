package dev.batchjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.chunks.ChunkLane;
import dev.batchjobs.domain.chunks.ChunkMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/** A chunk message goes to its lane's queue, and comes back (a shorter wait, a heartbeat) on the same one. */
class SqsChunkQueueLaneTest {
    private final List<String> calls = new ArrayList<>();
    private final SqsClient sqs = new SqsClient() {
        @Override
        public SendMessageResponse sendMessage(SendMessageRequest request) {
            calls.add("send " + request.queueUrl() + " " + request.messageGroupId() + " " + request.messageBody());
            return SendMessageResponse.builder().build();
        }

        @Override
        public ChangeMessageVisibilityResponse changeMessageVisibility(ChangeMessageVisibilityRequest request) {
            calls.add("visibility " + request.queueUrl() + " " + request.visibilityTimeout());
            return ChangeMessageVisibilityResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {}
    };
    private final SqsChunkQueue queue =
            new SqsChunkQueue(sqs, "https://q/big.fifo", Optional.of("https://q/small.fifo"));

    @Test
    void eachMessageGoesToItsLanesQueue() {
        queue.send(new ChunkMessage("acct_a", "batchv2_S", 0, ChunkLane.SMALL), "d1");
        queue.send(new ChunkMessage("acct_a", "batchv2_F", 0), "d2");
        queue.redeliverAfter(ChunkLane.SMALL, "handle", Duration.ofSeconds(30));
        queue.redeliverAfter(ChunkLane.STANDARD, "handle", Duration.ofSeconds(60));

        assertThat(calls)
                .containsExactly(
                        "send https://q/small.fifo batchv2_S "
                                + "{\"account_id\":\"acct_a\",\"job_id\":\"batchv2_S\",\"chunk\":0,\"lane\":\"small\"}",
                        "send https://q/big.fifo batchv2_F "
                                + "{\"account_id\":\"acct_a\",\"job_id\":\"batchv2_F\",\"chunk\":0,\"lane\":\"standard\"}",
                        "visibility https://q/small.fifo 30",
                        "visibility https://q/big.fifo 60");
    }

    @Test
    void aMessageOfBeforeLanesIsStandardAndTheLaneSurvivesTheRoundTrip() {
        assertThat(SqsChunkQueue.decode("{\"account_id\":\"acct_a\",\"job_id\":\"batchv2_J\",\"chunk\":3}"))
                .isEqualTo(new ChunkMessage("acct_a", "batchv2_J", 3, ChunkLane.STANDARD));
        ChunkMessage small = new ChunkMessage("acct_a", "batchv2_J", 3, ChunkLane.SMALL);
        assertThat(SqsChunkQueue.decode(SqsChunkQueue.encode(small))).isEqualTo(small);
        assertThat(SqsChunkQueue.laneOf("not json")).isEqualTo(ChunkLane.STANDARD);
        assertThat(SqsChunkQueue.laneOf(SqsChunkQueue.encode(small))).isEqualTo(ChunkLane.SMALL);
    }

    @Test
    void aSmallMessageWithNoSmallQueueIsRefusedNotSentToTheStandardOne() {
        SqsChunkQueue standardOnly = new SqsChunkQueue(sqs, "https://q/big.fifo");

        assertThatThrownBy(() -> standardOnly.send(new ChunkMessage("acct_a", "batchv2_S", 0, ChunkLane.SMALL), "d"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls).isEmpty();
    }
}
