package dev.batchjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.events.Delivery;
import dev.batchjobs.domain.events.JobEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/** Limits of the AWS services that the local cloud does not enforce: the adapters must keep them themselves. */
class AdapterLimitsTest {
    private static JobEvent event(int i) {
        return new JobEvent(
                "evt_" + i,
                "acct_sample",
                false,
                "v2.core.batch_job.completed",
                Instant.parse("2026-11-23T10:05:00Z"),
                "batchv2_job" + i,
                null,
                Map.of(),
                new JobEvent.Counts("complete", 2, 2, 0, 2));
    }

    @Test
    void eventBridgeIsSentAtMostTenEntriesACallAndEveryEventOnce() {
        List<Object> requests = new ArrayList<>();
        EventBridgeClient bus = RecordingClients.recording(
                EventBridgeClient.class,
                requests,
                request -> PutEventsResponse.builder().failedEntryCount(0).build());

        new EventBridgeEventPublisher(bus, "batch-jobs")
                .publish(IntStream.range(0, 23)
                        .mapToObj(AdapterLimitsTest::event)
                        .toList());

        List<Integer> sizes = requests.stream()
                .map(r -> ((PutEventsRequest) r).entries().size())
                .toList();
        assertThat(sizes).containsExactly(10, 10, 3);
        assertThat(requests.stream()
                        .flatMap(r -> ((PutEventsRequest) r).entries().stream())
                        .map(e -> e.detail())
                        .filter(detail -> detail.contains("batchv2_job"))
                        .count())
                .isEqualTo(23);
    }

    @Test
    void exactlyTenEventsAreOneCallAndNoneAreNone() {
        List<Object> requests = new ArrayList<>();
        EventBridgeClient bus = RecordingClients.recording(
                EventBridgeClient.class,
                requests,
                request -> PutEventsResponse.builder().failedEntryCount(0).build());
        EventBridgeEventPublisher publisher = new EventBridgeEventPublisher(bus, "batch-jobs");

        publisher.publish(List.of());
        publisher.publish(
                IntStream.range(0, 10).mapToObj(AdapterLimitsTest::event).toList());

        assertThat(requests).hasSize(1);
    }

    @Test
    void anSqsRetryIsDelayedAtMostFifteenMinutesAndAtLeastTheWholeSecondsAsked() {
        List<Object> requests = new ArrayList<>();
        SqsClient sqs = RecordingClients.recording(
                SqsClient.class,
                requests,
                request -> SendMessageResponse.builder().build());
        SqsDeliveryQueue queue = new SqsDeliveryQueue(sqs, "https://sqs/retries", "https://sqs/dead");
        Delivery delivery = new Delivery(
                "acct_sample",
                "evt_1",
                "ed_1",
                3,
                Instant.parse("2026-11-23T10:05:00Z"),
                Instant.parse("2026-11-23T12:05:00Z"),
                "503");

        queue.retryLater(delivery, Duration.ofHours(2));
        queue.retryLater(delivery, Duration.ofMillis(1_001));
        queue.retryLater(delivery, Duration.ofSeconds(900));
        queue.retryLater(delivery, Duration.ofMillis(-5));

        assertThat(requests.stream()
                        .map(r -> ((SendMessageRequest) r).delaySeconds())
                        .toList())
                .containsExactly(900, 2, 900, 0);
        assertThat(requests)
                .allSatisfy(r -> assertThat(((SendMessageRequest) r).queueUrl()).isEqualTo("https://sqs/retries"));
    }
}
