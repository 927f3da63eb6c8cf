package dev.batchjobs.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.batchjobs.domain.events.DeliverEvents;
import dev.batchjobs.domain.events.Delivery;
import dev.batchjobs.domain.events.DeliveryQueue;
import dev.batchjobs.domain.events.DestinationUrlPolicy;
import dev.batchjobs.domain.events.EventDestination;
import dev.batchjobs.domain.events.JobEvent;
import dev.batchjobs.domain.events.RetrySchedule;
import dev.batchjobs.json.EventJson;
import dev.batchjobs.testing.FixedResolver;
import dev.batchjobs.testing.InMemoryDestinationStore;
import dev.batchjobs.testing.InMemoryEventStore;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.TestContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;

/** The dispatcher driven by the sample SQS event in {@code events/webhooks/}: a bus event, a retry, and garbage. */
class WebhookDispatcherHandlerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:06:00Z"));
    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryDestinationStore destinations = new InMemoryDestinationStore();
    private final List<URI> posted = new ArrayList<>();
    private final List<Delivery> queued = new ArrayList<>();

    @ParameterizedTest
    @Event(value = "../events/webhooks/webhook-messages.json", type = SQSEvent.class)
    void eachBusEventAndDueRetryIsDeliveredAndAMalformedMessageIsReported(SQSEvent event) {
        events.store(new JobEvent(
                "evt_SampleCompletedEvent00001",
                "acct_sample",
                false,
                "v2.core.batch_job.completed",
                Instant.parse("2026-11-23T10:05:00Z"),
                "batchv2_AbCdEfGhIjKlMnOpQrStUvWxYz",
                null,
                Map.of("batch_id", "run_abc123"),
                new JobEvent.Counts("complete", 2, 2, 0, 2)));
        destinations.create(new EventDestination(
                "ed_SampleDestination000000001",
                "acct_sample",
                false,
                clock.instant(),
                clock.instant(),
                null,
                null,
                "https://hooks.example.com/a",
                List.of("*"),
                Map.of(),
                true,
                "whsec_x",
                null,
                null,
                1));
        DeliverEvents deliver = new DeliverEvents(
                destinations,
                events,
                (url, payload, headers) -> {
                    posted.add(url);
                    return 200;
                },
                new DeliveryQueue() {
                    @Override
                    public void retryLater(Delivery delivery, Duration delay) {
                        queued.add(delivery);
                    }

                    @Override
                    public void deadLetter(Delivery delivery) {
                        queued.add(delivery);
                    }
                },
                new DestinationUrlPolicy(Set.of(), FixedResolver.standard()),
                RetrySchedule.DEFAULT,
                EventJson::payload,
                Duration.ofSeconds(20),
                clock,
                () -> 0.5);

        SQSBatchResponse response = new WebhookDispatcherHandler(deliver).handleRequest(event, new TestContext());

        assertThat(posted)
                .containsExactly(URI.create("https://hooks.example.com/a"), URI.create("https://hooks.example.com/a"));
        assertThat(queued).isEmpty();
        assertThat(response.getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(event.getRecords().get(2).getMessageId());
    }
}
