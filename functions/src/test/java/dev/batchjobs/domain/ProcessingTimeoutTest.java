package dev.batchjobs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A job's own processing timeout: the deployment's default unless it asks, never past the operator's cap. */
class ProcessingTimeoutTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final InMemoryJobStore store = new InMemoryJobStore(clock);
    private final Caller caller = new Caller("acct_a", false, "key_a", "00000000-0000-0000-0000-000000000001");
    private final JobService service = new JobService(
            store,
            store,
            new FakeInputStorage(clock),
            EndpointRegistry.stripeDefaults(),
            Duration.ofMinutes(5),
            new ProcessingTimeouts(Duration.ofHours(24), Duration.ofDays(3)),
            clock,
            Ids::newJobId);

    private static CreateJobCommand asking(Duration timeout) {
        return new CreateJobCommand(
                new EndpointRef("/v1/customers/:id", HttpMethod.POST),
                10,
                Map.of(),
                false,
                NotificationScope.NONE,
                InputFormat.JSONL,
                null,
                null,
                timeout);
    }

    @Test
    void aJobThatDoesNotAskGetsTheDeploymentsDefaultWrittenOnIt() {
        BatchJob job = service.create(caller, asking(null), Optional.empty());

        assertThat(job.spec().processingTimeout()).isEqualTo(Duration.ofHours(24));
        assertThat(store.find(caller.scope(), job.id()).orElseThrow().spec().processingTimeout())
                .isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aJobMayAskForAnythingFromAMinuteUpToTheCap() {
        assertThat(service.create(caller, asking(Duration.ofDays(3)), Optional.empty())
                        .spec()
                        .processingTimeout())
                .isEqualTo(Duration.ofDays(3));
        assertThat(service.create(caller, asking(Duration.ofSeconds(60)), Optional.empty())
                        .spec()
                        .processingTimeout())
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void pastTheCapOrUnderAMinuteIsTheClientsErrorNamingTheCapAndNothingIsStored() {
        for (Duration asked : new Duration[] {Duration.ofDays(3).plusSeconds(1), Duration.ofSeconds(59)}) {
            assertThatThrownBy(() -> service.create(caller, asking(asked), Optional.empty()))
                    .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                        assertThat(e.code()).isEqualTo("parameter_invalid");
                        assertThat(e.param()).isEqualTo("processing_timeout");
                        assertThat(e.getMessage())
                                .isEqualTo("Invalid processing_timeout: expected whole seconds from 60 to 259200 (this "
                                        + "deployment's cap), received " + asked.toSeconds() + ".");
                    });
        }
        assertThat(store.events().all()).isEmpty();
    }

    @Test
    void twoRequestsThatDifferOnlyInTheTimeoutAreDifferentRequests() {
        assertThat(asking(Duration.ofHours(30)).fingerprint())
                .isNotEqualTo(asking(Duration.ofHours(31)).fingerprint())
                .isNotEqualTo(asking(null).fingerprint());
        assertThat(asking(null).fingerprint())
                .as("a request that predates the field keeps its fingerprint")
                .isEqualTo(new CreateJobCommand(
                                new EndpointRef("/v1/customers/:id", HttpMethod.POST),
                                10,
                                Map.of(),
                                false,
                                NotificationScope.NONE,
                                InputFormat.JSONL,
                                null)
                        .fingerprint());
    }

    @Test
    void anUpdateAndARetryKeepTheJobsTimeout() {
        BatchJob job = service.create(caller, asking(Duration.ofDays(2)), Optional.empty());

        JobSpec retried = job.spec().withLineage(JobLineage.retryOf(job)).withPaceAndMetadata(3, Map.of("k", "v"));

        assertThat(retried.processingTimeout()).isEqualTo(Duration.ofDays(2));
        assertThat(retried.processingTimeout(ProcessingTimeouts.DEFAULT)).isEqualTo(Duration.ofDays(2));
        assertThat(SampleSpecs.withoutTimeout(job.spec()).processingTimeout(ProcessingTimeouts.DEFAULT))
                .as("a job stored before jobs had their own runs under the deployment's default")
                .isEqualTo(Duration.ofHours(24));
    }

    /** A spec as stored before this field existed. */
    private static final class SampleSpecs {
        static JobSpec withoutTimeout(JobSpec spec) {
            return new JobSpec(
                    spec.endpoint(),
                    spec.maximumRps(),
                    spec.metadata(),
                    spec.skipValidation(),
                    spec.notificationScope(),
                    spec.jobType(),
                    spec.failureThreshold(),
                    spec.lineage(),
                    null);
        }
    }

    @Test
    void theCapIsNeverBelowTheDefault() {
        assertThatThrownBy(() -> new ProcessingTimeouts(Duration.ofHours(24), Duration.ofHours(23)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shorter than the default");
    }
}
