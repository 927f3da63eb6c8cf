package dev.batchjobs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.events.JobEvent;
import dev.batchjobs.domain.events.LifecycleEvents;
import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** JobService's checks at their edges: the rate, the idempotency key, the metadata on update, the upload URL. */
class JobServiceLimitsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00.700600Z"));
    private final InMemoryJobStore store = new InMemoryJobStore(clock);
    private final Caller caller = new Caller("acct_a", false, "key_a", "00000000-0000-0000-0000-000000000001");
    private final JobService service = new JobService(
            store,
            store,
            new FakeInputStorage(clock),
            EndpointRegistry.stripeDefaults(),
            Duration.ofMinutes(5),
            ProcessingTimeouts.DEFAULT,
            clock,
            Ids::newJobId);

    private static CreateJobCommand command(int rps) {
        return command(rps, Map.of());
    }

    private static CreateJobCommand command(int rps, Map<String, String> metadata) {
        return new CreateJobCommand(
                new EndpointRef("/v1/customers/:id", HttpMethod.POST),
                rps,
                metadata,
                false,
                NotificationScope.NONE,
                InputFormat.JSONL,
                null);
    }

    @Test
    void theRateIsOneToAHundredOnCreateAndOnUpdate() {
        assertThat(service.create(caller, command(1), Optional.empty()).spec().maximumRps())
                .isEqualTo(1);
        BatchJob job = service.create(caller, command(100), Optional.empty());
        assertThat(job.spec().maximumRps()).isEqualTo(100);
        assertThatThrownBy(() -> service.create(caller, command(0), Optional.empty()))
                .isInstanceOf(InvalidMaximumRpsException.class);
        assertThatThrownBy(() -> service.create(caller, command(101), Optional.empty()))
                .isInstanceOf(InvalidMaximumRpsException.class);

        assertThat(service.update(caller, job.id(), rate(1)).spec().maximumRps())
                .isEqualTo(1);
        assertThat(service.update(caller, job.id(), rate(100)).spec().maximumRps())
                .isEqualTo(100);
        assertThatThrownBy(() -> service.update(caller, job.id(), rate(0)))
                .isInstanceOf(InvalidMaximumRpsException.class);
        assertThatThrownBy(() -> service.update(caller, job.id(), rate(101)))
                .isInstanceOf(InvalidMaximumRpsException.class);
        assertThat(service.retrieve(caller, job.id()).spec().maximumRps()).isEqualTo(100);
    }

    @Test
    void anUnknownEndpointIsRefusedBeforeAnythingIsStored() {
        CreateJobCommand unknown = new CreateJobCommand(
                new EndpointRef("/v1/nothing/:id", HttpMethod.POST),
                10,
                Map.of(),
                false,
                NotificationScope.NONE,
                InputFormat.JSONL,
                null);
        assertThatThrownBy(() -> service.create(caller, unknown, Optional.empty()))
                .isInstanceOf(UnsupportedEndpointException.class);
        assertThatThrownBy(() -> service.create(caller, command(10, Map.of("", "v")), Optional.empty()))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(store.events().all()).isEmpty();
    }

    @Test
    void anIdempotencyKeyIsOneToTwoHundredFiftyFiveCharacters() {
        assertThat(service.create(caller, command(10), Optional.of("k".repeat(255)))
                        .id())
                .isNotNull();
        assertThatThrownBy(() -> service.create(caller, command(10), Optional.of("k".repeat(256))))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.param()).isEqualTo("Idempotency-Key");
                    assertThat(e.getMessage()).contains("1 to 255 characters, received 256");
                });
        assertThatThrownBy(() -> service.create(caller, command(10), Optional.of(" ")))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aRepeatedRequestWithTheSameKeyAnswersTheFirstJobForADayAndADifferentRequestIsRefused() {
        BatchJob first = service.create(caller, command(10), Optional.of("key-1"));
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        BatchJob again = service.create(caller, command(10), Optional.of("key-1"));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again).isEqualTo(service.retrieve(caller, first.id()));
        assertThatThrownBy(() -> service.create(caller, command(20), Optional.of("key-1")))
                .isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(service.create(caller, command(10), Optional.of("key-2")).id())
                .isNotEqualTo(first.id());
    }

    @Test
    void theInputKeyIsTheJobsOwnAndTheUploadUrlEndsOnAWholeSecond() {
        BatchJob job = service.create(caller, command(10), Optional.empty());
        assertThat(job.upload().key()).isEqualTo("inputs/acct_a/" + job.id() + "/input");
        assertThat(job.upload().url().expiresAt()).isEqualTo(Instant.parse("2026-11-23T10:05:00Z"));
        assertThat(job.created()).isEqualTo(Instant.parse("2026-11-23T10:00:00.700Z"));
    }

    @Test
    void anUpdateThatChangesNothingWritesNothingAndOneThatDoesAnnouncesIt() {
        BatchJob job = service.create(caller, command(10, Map.of("a", "1")), Optional.empty());
        int events = store.events().all().size();

        BatchJob same =
                service.update(caller, job.id(), new UpdateJobCommand(OptionalInt.of(10), Map.of("a", "1"), Set.of()));
        assertThat(same).isEqualTo(job);
        assertThat(store.events().all()).hasSize(events);

        BatchJob changed = service.update(
                caller, job.id(), new UpdateJobCommand(OptionalInt.empty(), Map.of("b", "2"), Set.of("a")));
        assertThat(changed.spec().metadata()).isEqualTo(Map.of("b", "2"));
        assertThat(changed.spec().maximumRps()).isEqualTo(10);
        assertThat(service.retrieve(caller, job.id())).isEqualTo(changed);
        List<JobEvent> all = store.events().all();
        assertThat(all).hasSize(events + 1);
        assertThat(all.get(all.size() - 1).type()).isEqualTo(LifecycleEvents.UPDATED);
        assertThat(all.get(all.size() - 1).metadata()).isEqualTo(Map.of("b", "2"));
    }

    @Test
    void anUpdateMayNotPushTheMetadataPastItsLimits() {
        Map<String, String> fifty = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            fifty.put("k" + i, "v");
        }
        BatchJob job = service.create(caller, command(10, fifty), Optional.empty());
        assertThatThrownBy(() -> service.update(
                        caller, job.id(), new UpdateJobCommand(OptionalInt.empty(), Map.of("k50", "v"), Set.of())))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(service.update(
                                caller,
                                job.id(),
                                new UpdateJobCommand(OptionalInt.empty(), Map.of("k50", "v"), Set.of("k0")))
                        .spec()
                        .metadata())
                .hasSize(50)
                .containsKey("k50")
                .doesNotContainKey("k0");
    }

    @Test
    void aJobOfAnotherAccountIsNotFound() {
        BatchJob job = service.create(caller, command(10), Optional.empty());
        Caller other = new Caller("acct_b", false, "key_b", "00000000-0000-0000-0000-000000000002");
        assertThatThrownBy(() -> service.retrieve(other, job.id())).isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> service.cancel(other, job.id())).isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> service.update(other, job.id(), rate(5))).isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void cancelingAJobNotYetUploadedEndsItAndCancelingAgainAnswersItUnchanged() {
        BatchJob job = service.create(caller, command(10), Optional.empty());
        clock.advance(Duration.ofMillis(1500));
        BatchJob canceled = service.cancel(caller, job.id());
        assertThat(canceled.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(service.retrieve(caller, job.id())).isEqualTo(canceled);
        assertThat(service.cancel(caller, job.id())).isEqualTo(canceled);
    }

    private static UpdateJobCommand rate(int rps) {
        return new UpdateJobCommand(OptionalInt.of(rps), Map.of(), Set.of());
    }
}
