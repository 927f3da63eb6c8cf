package dev.batchjobs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.events.JobEvent;
import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore store = new InMemoryJobStore(clock);
    private final Caller caller = new Caller("acct_a", false, "key_a", "00000000-0000-0000-0000-000000000001");

    private JobService service(JobStore jobStore) {
        return new JobService(
                jobStore,
                jobStore,
                new FakeInputStorage(clock),
                EndpointRegistry.stripeDefaults(),
                Duration.ofMinutes(5),
                new ProcessingTimeouts(Duration.ofHours(24), Duration.ofDays(3)),
                clock,
                Ids::newJobId);
    }

    private static CreateJobCommand command() {
        return new CreateJobCommand(
                new EndpointRef("/v1/customers/:id", HttpMethod.POST),
                10,
                Map.of(),
                false,
                NotificationScope.NONE,
                InputFormat.JSONL,
                null);
    }

    @Test
    void aCancelThatRacesTheUploadEventCancelsTheRunningJob() {
        BatchJob job = service(store).create(caller, command(), Optional.empty());
        // Another writer (the upload event) moves the job between cancel's read and its write.
        JobStore racing = new JobStore() {
            private boolean raced;

            @Override
            public void create(BatchJob j, List<JobEvent> events) {
                store.create(j, events);
            }

            @Override
            public Optional<IdempotencyClaim> createClaimed(BatchJob j, IdempotencyClaim c, List<JobEvent> events) {
                return store.createClaimed(j, c, events);
            }

            @Override
            public MeteroidPage meteroidPage(AccountScope scope, MeteroidQuery query) {
                return store.meteroidPage(scope, query);
            }

            @Override
            public boolean recordProgressEvent(BatchJob seen, JobEvent event, Duration every) {
                return store.recordProgressEvent(seen, event, every);
            }

            @Override
            public Optional<BatchJob> find(String accountId, String jobId) {
                return store.find(accountId, jobId);
            }

            @Override
            public Optional<BatchJob> find(AccountScope scope, String jobId) {
                return store.find(scope, jobId);
            }

            @Override
            public JobPage list(AccountScope scope, JobQuery query) {
                return store.list(scope, query);
            }

            @Override
            public void recordValidated(String jobId, long validated) {
                store.recordValidated(jobId, validated);
            }

            @Override
            public List<BatchJob> runningPast(Instant now, int limit) {
                return store.runningPast(now, limit);
            }

            @Override
            public void recordTotalRows(String jobId, long totalRows) {
                store.recordTotalRows(jobId, totalRows);
            }

            @Override
            public void recordInputHeader(String jobId, List<String> header) {
                store.recordInputHeader(jobId, header);
            }

            @Override
            public List<BatchJob> awaitingUploadPast(Instant now, int limit) {
                return store.awaitingUploadPast(now, limit);
            }

            @Override
            public void update(BatchJob current, BatchJob next, List<JobEvent> events) {
                if (!raced) {
                    raced = true;
                    store.update(current, current.moveTo(JobStatus.VALIDATING, clock.instant()));
                }
                store.update(current, next, events);
            }
        };

        BatchJob canceled = service(racing).cancel(caller, job.id());

        assertThat(canceled.status()).isEqualTo(JobStatus.CANCELLING);
        assertThat(store.find("acct_a", job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLING);
    }

    @Test
    void aFinishedJobCannotBeCanceled() {
        BatchJob job = service(store).create(caller, command(), Optional.empty());
        store.update(job, job.moveTo(JobStatus.UPLOAD_TIMEOUT, clock.instant()));

        assertThatThrownBy(() -> service(store).cancel(caller, job.id()))
                .isInstanceOfSatisfying(
                        JobNotCancelableException.class,
                        e -> assertThat(e.getMessage()).contains("upload_timeout"));
    }

    @Test
    void theUploadUrlExpiresAfterTheConfiguredTime() {
        BatchJob job = service(store).create(caller, command(), Optional.empty());

        assertThat(job.upload().url().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(job.upload().key()).startsWith("inputs/acct_a/" + job.id() + "/");
    }

    @Test
    void anExpiredIdempotencyKeyCreatesANewJob() {
        BatchJob first = service(store).create(caller, command(), Optional.of("k"));
        clock.advance(Duration.ofHours(25));

        BatchJob second = service(store).create(caller, command(), Optional.of("k"));

        assertThat(second.id()).isNotEqualTo(first.id());
    }
}
