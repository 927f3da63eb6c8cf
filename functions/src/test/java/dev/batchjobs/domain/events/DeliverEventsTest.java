package dev.batchjobs.domain.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.Metric;
import dev.batchjobs.json.EventJson;
import dev.batchjobs.testing.FixedResolver;
import dev.batchjobs.testing.InMemoryDestinationStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.RecordingMetrics;
import dev.batchjobs.testing.SampleJobs;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeliverEventsTest {
    /** An attempt needs 20 s; the invocation has plenty unless a test says otherwise. */
    private static final Duration BUDGET = Duration.ofSeconds(20);

    private static final Supplier<Duration> PLENTY = () -> Duration.ofMinutes(3);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final InMemoryDestinationStore destinationStore = new InMemoryDestinationStore();
    private final FixedResolver dns = FixedResolver.standard();
    private final DestinationUrlPolicy urls = new DestinationUrlPolicy(Set.of(), dns);
    private final DestinationService destinations = new DestinationService(destinationStore, urls, clock);
    private final ScriptedReceiver receiver = new ScriptedReceiver();
    private final RecordingQueue queue = new RecordingQueue();
    private final RetrySchedule schedule =
            new RetrySchedule(Duration.ofMinutes(1), Duration.ofHours(2), Duration.ofDays(3));
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final DeliverEvents deliver = new DeliverEvents(
            destinationStore,
            jobs.events(),
            receiver,
            queue,
            urls,
            schedule,
            EventJson::payload,
            BUDGET,
            clock,
            () -> 0.5,
            metrics);

    private final Caller accountA = new Caller("acct_a", false, "key_a", "00000000-0000-0000-0000-00000000000a");
    private JobEvent event;

    @BeforeEach
    void aJobWasCreated() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);
        event = jobs.events().all().get(0);
    }

    private EventDestination destination(Caller caller, String url, String... events) {
        return destinations.create(
                caller,
                new DestinationCommand(
                        Optional.of(url),
                        Optional.of(List.of(events)),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()));
    }

    @Test
    void aSubscribedDestinationGetsTheEventSignedWithItsSecret() {
        EventDestination destination = destination(accountA, "https://hooks.example.com/a", "v2.core.batch_job.*");

        assertThat(deliver.fanOut("acct_a", event.id(), PLENTY)).isEqualTo(1);

        Post post = receiver.posts.get(0);
        assertThat(post.url()).isEqualTo(URI.create("https://hooks.example.com/a"));
        assertThat(post.payload()).isEqualTo(EventJson.payload(event));
        long t = clock.instant().getEpochSecond();
        assertThat(post.headers().get("Stripe-Signature"))
                .isEqualTo("t=" + t + ",v1=" + WebhookSigner.hmacHex(destination.secret(), t + "." + post.payload()));
        assertThat(queue.retries).isEmpty();
    }

    @Test
    void eachAttemptIsMeasuredAndADeliveryCarriesItsLagSinceTheEvent() {
        destination(accountA, "https://hooks.example.com/a", "*");
        receiver.script(503);
        clock.advance(Duration.ofSeconds(2));
        deliver.fanOut(event, PLENTY);
        clock.advance(Duration.ofMinutes(1));

        deliver.retry(queue.retries.get(0).delivery(), PLENTY);

        assertThat(metrics.sum(Metric.WEBHOOK_DELIVERY_FAILURES)).isEqualTo(1);
        assertThat(metrics.sum(Metric.WEBHOOK_DELIVERIES)).isEqualTo(1);
        assertThat(metrics.sum(Metric.WEBHOOK_DELIVERY_LAG)).isEqualTo(62_000);
        assertThat(metrics.records.get(1).properties()).containsEntry("event_id", event.id());
    }

    @Test
    void onlyTheEventsAccountsEnabledAndSubscribedDestinationsAreCalled() {
        destination(accountA, "https://hooks.example.com/all", "*");
        destination(accountA, "https://hooks.example.com/completed-only", "v2.core.batch_job.completed");
        EventDestination disabled = destination(accountA, "https://hooks.example.com/disabled", "*");
        destinations.enable(accountA, disabled.id(), false);
        destination(
                new Caller("acct_b", false, "key_b", "00000000-0000-0000-0000-00000000000b"),
                "https://other.example.com/b",
                "*");

        deliver.fanOut(event, PLENTY);

        assertThat(receiver.posts).extracting(p -> p.url().toString()).containsExactly("https://hooks.example.com/all");
    }

    @Test
    void aFailedDeliveryIsRetriedWithBackoffUntilTheReceiverAnswers2xx() {
        destination(accountA, "https://hooks.example.com/a", "*");
        receiver.script(500, 503);

        deliver.fanOut(event, PLENTY);
        assertThat(queue.retries).hasSize(1);
        Delivery first = queue.retries.get(0).delivery();
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.lastError()).isEqualTo("HTTP 500");
        assertThat(queue.retries.get(0).delay()).isEqualTo(Duration.ofMinutes(1));

        clock.advance(Duration.ofMinutes(1));
        deliver.retry(first, PLENTY);
        Delivery second = queue.retries.get(1).delivery();
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(queue.retries.get(1).delay()).isEqualTo(Duration.ofMinutes(2));

        clock.advance(Duration.ofMinutes(2));
        deliver.retry(second, PLENTY);
        assertThat(receiver.posts).hasSize(3);
        assertThat(queue.retries).hasSize(2);
        assertThat(queue.deadLetters).isEmpty();
    }

    @Test
    void aRetryThatArrivesEarlyWaitsAgainWithoutAnAttempt() {
        destination(accountA, "https://hooks.example.com/a", "*");
        receiver.script(500);
        deliver.fanOut(event, PLENTY);
        Delivery pending = queue.retries.get(0).delivery();

        clock.advance(Duration.ofSeconds(20));
        deliver.retry(pending, PLENTY);

        assertThat(receiver.posts).hasSize(1);
        assertThat(queue.retries.get(1).delay()).isEqualTo(Duration.ofSeconds(40));
        assertThat(queue.retries.get(1).delivery()).isEqualTo(pending);
    }

    @Test
    void aReceiverThatNeverAnswers2xxEndsInTheDeadLetterQueueAfterTheWindow() {
        destination(accountA, "https://hooks.example.com/a", "*");
        receiver.failAlways = true;

        deliver.fanOut(event, PLENTY);
        while (queue.deadLetters.isEmpty()) {
            Delivery next = queue.retries.get(queue.retries.size() - 1).delivery();
            clock.set(next.notBefore());
            deliver.retry(next, PLENTY);
        }

        Delivery dead = queue.deadLetters.get(0);
        assertThat(dead.lastError()).isEqualTo("IOException: connection refused");
        assertThat(Duration.between(dead.firstAttemptAt(), clock.instant())).isLessThanOrEqualTo(Duration.ofDays(3));
        assertThat(dead.attempts()).isGreaterThan(10);
    }

    @Test
    void aDestinationDeletedOrDisabledMeanwhileIsNoLongerOwedTheEvent() {
        EventDestination destination = destination(accountA, "https://hooks.example.com/a", "*");
        receiver.script(500);
        deliver.fanOut(event, PLENTY);
        destinations.delete(accountA, destination.id());

        clock.advance(Duration.ofHours(1));
        deliver.retry(queue.retries.get(0).delivery(), PLENTY);

        assertThat(receiver.posts).hasSize(1);
        assertThat(queue.retries).hasSize(1);
    }

    @Test
    void whenTheInvocationRunsLowOnTimeTheRemainingDestinationsAreQueuedNotCalled() {
        destination(accountA, "https://hooks.example.com/1", "*");
        destination(accountA, "https://hooks.example.com/2", "*");
        destination(accountA, "https://hooks.example.com/3", "*");
        Deque<Duration> remaining =
                new ArrayDeque<>(List.of(Duration.ofSeconds(60), Duration.ofSeconds(19), Duration.ofSeconds(5)));

        int delivered = deliver.fanOut(event, remaining::poll);

        assertThat(delivered).isEqualTo(1);
        assertThat(receiver.posts).hasSize(1);
        assertThat(queue.retries).hasSize(2).allSatisfy(r -> {
            assertThat(r.delay()).isZero();
            assertThat(r.delivery().attempts())
                    .as("a queued first attempt is not a failed one")
                    .isZero();
        });
        assertThat(queue.retries).extracting(r -> r.delivery().destinationId()).doesNotHaveDuplicates();

        Delivery queued = queue.retries.get(0).delivery();
        deliver.retry(queued, () -> Duration.ofSeconds(5));
        assertThat(receiver.posts).hasSize(1);
        assertThat(queue.retries.get(2).delivery()).isEqualTo(queued);
        deliver.retry(queued, PLENTY);
        assertThat(receiver.posts).hasSize(2);
    }

    @Test
    void testModeEventsNeverReachLiveDestinationsNorTheReverse() {
        destination(
                new Caller("acct_a", true, "key_live", "00000000-0000-0000-0000-00000000000a"),
                "https://hooks.example.com/live",
                "*");
        destination(accountA, "https://hooks.example.com/test", "*");

        deliver.fanOut(event, PLENTY);

        assertThat(event.livemode()).isFalse();
        assertThat(receiver.posts)
                .extracting(p -> p.url().toString())
                .containsExactly("https://hooks.example.com/test");
    }

    @Test
    void aHostThatNowResolvesInsideTheNetworkIsNotCalled() {
        destination(accountA, "https://hooks.example.com/a", "*");
        dns.with("hooks.example.com", "127.0.0.1");

        deliver.fanOut(event, PLENTY);

        assertThat(receiver.posts).isEmpty();
        assertThat(queue.retries.get(0).delivery().lastError()).startsWith("URL refused");
    }

    @Test
    void duringARotationBothSecretsSignAndAfterItOnlyTheNewOne() {
        EventDestination destination = destination(accountA, "https://hooks.example.com/a", "*");
        EventDestination rotated = destinations.rotateSecret(accountA, destination.id(), Duration.ofHours(1));

        deliver.fanOut(event, PLENTY);
        assertThat(receiver.posts.get(0).headers().get("Stripe-Signature").split(",v1="))
                .hasSize(3);

        clock.advance(Duration.ofHours(1));
        deliver.fanOut(event, PLENTY);
        String header = receiver.posts.get(1).headers().get("Stripe-Signature");
        long t = clock.instant().getEpochSecond();
        assertThat(header)
                .isEqualTo("t=" + t + ",v1="
                        + WebhookSigner.hmacHex(rotated.secret(), t + "." + EventJson.payload(event)));
    }

    record Post(URI url, String payload, Map<String, String> headers) {}

    /** A receiver that answers the scripted statuses in turn, then 200. */
    static final class ScriptedReceiver implements WebhookClient {
        final List<Post> posts = new ArrayList<>();
        final Deque<Integer> statuses = new ArrayDeque<>();
        boolean failAlways;

        void script(Integer... answers) {
            statuses.addAll(List.of(answers));
        }

        @Override
        public int post(URI url, String payload, Map<String, String> headers) throws IOException {
            posts.add(new Post(url, payload, Map.copyOf(headers)));
            if (failAlways) {
                throw new IOException("connection refused");
            }
            return statuses.isEmpty() ? 200 : statuses.poll();
        }
    }

    record Retry(Delivery delivery, Duration delay) {}

    static final class RecordingQueue implements DeliveryQueue {
        final List<Retry> retries = new ArrayList<>();
        final List<Delivery> deadLetters = new ArrayList<>();

        @Override
        public void retryLater(Delivery delivery, Duration delay) {
            retries.add(new Retry(delivery, delay));
        }

        @Override
        public void deadLetter(Delivery delivery) {
            deadLetters.add(delivery);
        }
    }
}
