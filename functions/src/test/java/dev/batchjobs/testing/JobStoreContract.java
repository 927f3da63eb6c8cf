package dev.batchjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.IdempotencyClaim;
import dev.batchjobs.domain.InputFormat;
import dev.batchjobs.domain.InvalidCursorException;
import dev.batchjobs.domain.JobConflictException;
import dev.batchjobs.domain.JobCounts;
import dev.batchjobs.domain.JobLineage;
import dev.batchjobs.domain.JobOutcome;
import dev.batchjobs.domain.JobPage;
import dev.batchjobs.domain.JobQuery;
import dev.batchjobs.domain.JobSpec;
import dev.batchjobs.domain.JobStage;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.JobUpload;
import dev.batchjobs.domain.MeteroidPage;
import dev.batchjobs.domain.MeteroidQuery;
import dev.batchjobs.domain.MeteroidStatus;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.PinnedInput;
import dev.batchjobs.domain.events.EventPage;
import dev.batchjobs.domain.events.EventQuery;
import dev.batchjobs.domain.events.EventStore;
import dev.batchjobs.domain.events.JobEvent;
import dev.batchjobs.domain.events.LifecycleEvents;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} must do. Run against the in-memory fake and the DynamoDB adapter alike,
 * so a fake can never be kinder than the real store.
 */
public abstract class JobStoreContract {
    protected MutableClock clock;
    protected JobStore store;
    private String account;

    /** A store whose idempotency expiry reads {@code clock}. */
    protected abstract JobStore newStore(MutableClock clock);

    /** Where {@link #store} writes the events of its changes. */
    protected abstract EventStore eventStore();

    @BeforeEach
    void setUpStore() {
        clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        store = newStore(clock);
        account = "acct_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void aCreatedJobIsFoundOnlyByItsOwnAccount() {
        BatchJob job = SampleJobs.readyForUpload(account, clock.instant());
        store.create(job);

        assertThat(store.find(account, job.id())).contains(job);
        assertThat(store.find("acct_someone_else", job.id())).isEmpty();
        assertThat(store.find(account, "batchv2_doesnotexist")).isEmpty();
    }

    @Test
    void aJobKeepsItsOwnProcessingTimeoutAndOneStoredWithoutReadsBackWithout() {
        BatchJob ready = SampleJobs.readyForUpload(account, clock.instant());
        JobSpec spec = ready.spec();
        BatchJob longJob = new BatchJob(
                ready.id(),
                ready.accountId(),
                false,
                ready.created(),
                ready.createdBy(),
                new JobSpec(
                        spec.endpoint(),
                        spec.maximumRps(),
                        spec.metadata(),
                        spec.skipValidation(),
                        spec.notificationScope(),
                        spec.jobType(),
                        null,
                        JobLineage.NONE,
                        Duration.ofDays(9)),
                ready.upload(),
                ready.stage(),
                ready.counts(),
                JobOutcome.NONE);
        BatchJob older = SampleJobs.readyForUpload(account, clock.instant());
        store.create(longJob);
        store.create(older);

        assertThat(store.find(account, longJob.id()).orElseThrow().spec().processingTimeout())
                .isEqualTo(Duration.ofDays(9));
        assertThat(store.find(account, older.id()).orElseThrow().spec().processingTimeout())
                .isNull();
    }

    @Test
    void aCsvJobKeepsItsFormatNameHeaderAndErrorFileThroughItsChanges() {
        BatchJob ready = SampleJobs.readyForUpload(account, clock.instant());
        BatchJob job = new BatchJob(
                ready.id(),
                ready.accountId(),
                false,
                ready.created(),
                ready.createdBy(),
                ready.spec(),
                new JobUpload(
                        InputFormat.csv(';'),
                        "customers nov.csv",
                        ready.upload().key(),
                        ready.upload().url()),
                ready.stage(),
                ready.counts(),
                JobOutcome.NONE);
        store.create(job);
        assertThat(store.find(account, job.id())).contains(job);

        BatchJob validating = job.moveTo(JobStatus.VALIDATING, clock.instant());
        store.update(job, validating);
        List<String> header = List.of("id", "path_params.id", "params.name:json", "");
        store.recordInputHeader(job.id(), header);
        BatchJob running = validating.moveTo(JobStatus.IN_PROGRESS, clock.instant());
        // A transition read before the header was recorded must not erase it.
        store.update(validating, running);
        BatchJob read = store.find(account, job.id()).orElseThrow();
        assertThat(read.upload().format()).isEqualTo(InputFormat.csv(';').withHeader(header));
        assertThat(read.upload().fileName()).isEqualTo("customers nov.csv");

        OutputFile errors = new OutputFile("results/" + account + "/" + job.id() + "/errors.csv", 321, "text/csv");
        store.update(read, read.moveTo(JobStatus.COMPLETE, clock.instant()).withErrorFile(errors));
        assertThat(store.find(account, job.id()).orElseThrow().outcome().errorFile())
                .isEqualTo(errors);
    }

    @Test
    void anUpdateFromTheCurrentVersionIsStored() {
        BatchJob job = SampleJobs.readyForUpload(account, clock.instant());
        store.create(job);
        BatchJob canceled = job.moveTo(JobStatus.CANCELED, clock.instant());

        store.update(job, canceled);

        assertThat(store.find(account, job.id())).contains(canceled);
    }

    @Test
    void anUpdateFromAStaleVersionLosesAndReportsTheStoredJob() {
        BatchJob job = SampleJobs.readyForUpload(account, clock.instant());
        store.create(job);
        BatchJob validating = job.moveTo(JobStatus.VALIDATING, clock.instant());
        store.update(job, validating);

        assertThatThrownBy(() -> store.update(job, job.moveTo(JobStatus.CANCELED, clock.instant())))
                .isInstanceOfSatisfying(
                        JobConflictException.class,
                        conflict -> assertThat(conflict.current()).isEqualTo(validating));
        assertThat(store.find(account, job.id())).contains(validating);
    }

    @Test
    void listingWalksEveryJobNewestFirstWithoutRepeats() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            BatchJob job = SampleJobs.readyForUpload(account, clock.instant());
            store.create(job);
            created.add(0, job.id());
            clock.advance(Duration.ofSeconds(1));
        }
        store.create(SampleJobs.readyForUpload(
                "acct_other_" + UUID.randomUUID().toString().substring(0, 8), clock.instant()));

        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            JobPage page = store.list(AccountScope.test(account), new JobQuery(Set.of(), 3, cursor));
            page.jobs().forEach(job -> seen.add(job.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor.isPresent());

        assertThat(seen).isEqualTo(created);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void aFullLastPageOffersNoNextCursor() {
        for (int i = 0; i < 4; i++) {
            store.create(SampleJobs.readyForUpload(account, clock.instant()));
            clock.advance(Duration.ofMillis(10));
        }
        JobPage first = store.list(AccountScope.test(account), new JobQuery(Set.of(), 2, Optional.empty()));
        JobPage second = store.list(AccountScope.test(account), new JobQuery(Set.of(), 2, first.nextCursor()));

        assertThat(first.jobs()).hasSize(2);
        assertThat(second.jobs()).hasSize(2);
        assertThat(second.nextCursor()).isEmpty();
    }

    @Test
    void listingFiltersByAnyOfTheStatusesAcrossPages() {
        List<String> wanted = new ArrayList<>();
        JobStatus[] cycle = {JobStatus.READY_FOR_UPLOAD, JobStatus.CANCELED, JobStatus.COMPLETE, JobStatus.IN_PROGRESS};
        for (int i = 0; i < 12; i++) {
            BatchJob job = SampleJobs.withStatus(account, clock.instant(), cycle[i % cycle.length]);
            store.create(job);
            if (job.status() == JobStatus.CANCELED || job.status() == JobStatus.COMPLETE) {
                wanted.add(0, job.id());
            }
            clock.advance(Duration.ofSeconds(1));
        }

        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            JobPage page = store.list(
                    AccountScope.test(account),
                    new JobQuery(Set.of(JobStatus.CANCELED, JobStatus.COMPLETE), 2, cursor));
            assertThat(page.jobs())
                    .allSatisfy(job -> assertThat(job.status()).isIn(JobStatus.CANCELED, JobStatus.COMPLETE));
            page.jobs().forEach(job -> seen.add(job.id()));
            cursor = page.nextCursor();
        } while (cursor.isPresent());

        assertThat(seen).isEqualTo(wanted);
    }

    @Test
    void anEmptyAccountListsNothing() {
        JobPage page = store.list(AccountScope.test(account), new JobQuery(Set.of(), 10, Optional.empty()));

        assertThat(page.jobs()).isEmpty();
        assertThat(page.nextCursor()).isEmpty();
    }

    @Test
    void aCursorThatTheStoreDidNotIssueIsRefused() {
        assertThatThrownBy(() -> store.list(
                        AccountScope.test(account), new JobQuery(Set.of(), 10, Optional.of("not-a-cursor!"))))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() ->
                        store.list(AccountScope.test(account), new JobQuery(Set.of(), 10, Optional.of("aGVsbG8"))))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void theFirstClaimOfAKeyStoresTheJobAndLaterClaimsSeeIt() {
        BatchJob first = SampleJobs.readyForUpload(account, clock.instant());
        IdempotencyClaim claim = claim("key-1", "fingerprint-a", first.id());

        assertThat(store.createClaimed(first, claim)).isEmpty();
        BatchJob second = SampleJobs.readyForUpload(account, clock.instant());
        Optional<IdempotencyClaim> existing = store.createClaimed(second, claim("key-1", "fingerprint-b", second.id()));

        assertThat(existing).hasValueSatisfying(found -> {
            assertThat(found.jobId()).isEqualTo(first.id());
            assertThat(found.fingerprint()).isEqualTo("fingerprint-a");
        });
        assertThat(store.find(account, first.id())).isPresent();
        assertThat(store.find(account, second.id())).isEmpty();
    }

    @Test
    void theSameKeyInAnotherAccountIsAnotherClaim() {
        BatchJob mine = SampleJobs.readyForUpload(account, clock.instant());
        String other = account + "_other";
        BatchJob theirs = SampleJobs.readyForUpload(other, clock.instant());

        assertThat(store.createClaimed(mine, claim("shared-key", "f", mine.id())))
                .isEmpty();
        assertThat(store.createClaimed(
                        theirs,
                        new IdempotencyClaim(
                                AccountScope.test(other),
                                "shared-key",
                                "f",
                                theirs.id(),
                                clock.instant().plus(Duration.ofHours(24)))))
                .isEmpty();
        assertThat(store.find(other, theirs.id())).isPresent();
    }

    @Test
    void anExpiredClaimIsFreeAgain() {
        BatchJob first = SampleJobs.readyForUpload(account, clock.instant());
        store.createClaimed(first, claim("key-2", "f", first.id()));
        clock.advance(Duration.ofHours(24).plusSeconds(2));
        BatchJob second = SampleJobs.readyForUpload(account, clock.instant());

        assertThat(store.createClaimed(second, claim("key-2", "f", second.id())))
                .isEmpty();
        assertThat(store.find(account, second.id())).isPresent();
    }

    @Test
    void theSweepFindsExactlyTheJobsStillWaitingPastTheirUploadDeadline() {
        BatchJob expired = SampleJobs.readyForUpload(account, clock.instant());
        store.create(expired);
        clock.advance(Duration.ofMinutes(2));
        BatchJob fresh = SampleJobs.readyForUpload(account, clock.instant());
        store.create(fresh);
        BatchJob uploaded = SampleJobs.readyForUpload(account, clock.instant().minus(Duration.ofMinutes(2)));
        store.create(uploaded);
        store.update(uploaded, uploaded.moveTo(JobStatus.VALIDATING, clock.instant()));
        clock.advance(Duration.ofMinutes(4));

        List<String> due = store.awaitingUploadPast(clock.instant(), 100).stream()
                .filter(job -> job.accountId().equals(account))
                .map(BatchJob::id)
                .toList();

        assertThat(due).containsExactly(expired.id());
    }

    @Test
    void theSweepSeesNoJobThatLeftReadyForUploadWhateverItBecame() {
        // All overdue; only the one still waiting is the sweeper's to end (or to start, if its upload is there).
        // The DynamoDB index holds only jobs with the awaiting mark, which every transition out of
        // ready_for_upload removes; a store must not hand the sweeper a job whose current status is another.
        BatchJob waiting = SampleJobs.readyForUpload(account, clock.instant());
        BatchJob canceled = SampleJobs.readyForUpload(account, clock.instant());
        BatchJob expired = SampleJobs.readyForUpload(account, clock.instant());
        BatchJob begun = SampleJobs.readyForUpload(account, clock.instant());
        BatchJob retry = SampleJobs.withStatus(account, clock.instant(), JobStatus.VALIDATING);
        for (BatchJob job : List.of(waiting, canceled, expired, begun, retry)) {
            store.create(job);
        }
        store.update(canceled, canceled.cancel(clock.instant()).orElseThrow());
        store.update(expired, expired.expireUpload(clock.instant()));
        store.update(begun, begun.begin(pinned(begun), clock.instant().plus(Duration.ofHours(1)), clock.instant()));
        clock.advance(Duration.ofMinutes(10));

        List<BatchJob> due = store.awaitingUploadPast(clock.instant(), 100).stream()
                .filter(job -> job.accountId().equals(account))
                .toList();

        assertThat(due).extracting(BatchJob::id).containsExactly(waiting.id());
        assertThat(due.get(0))
                .as("read whole and current, so the sweeper's conditional write can succeed")
                .isEqualTo(store.find(account, waiting.id()).orElseThrow());
    }

    @Test
    void theOverdueUploadsComeLongestOverdueFirstAndNoMoreThanTheLimit() {
        // Far in the past, so that no other test's jobs are due at this test's "now".
        Instant longAgo = Instant.parse("2001-02-03T04:05:06Z");
        List<BatchJob> jobs = new ArrayList<>();
        for (int minute : new int[] {3, 1, 4, 2}) {
            BatchJob job = SampleJobs.readyForUpload(account, longAgo.plus(Duration.ofMinutes(minute)));
            store.create(job);
            jobs.add(job);
        }
        Instant now = longAgo.plus(Duration.ofHours(1));

        List<String> firstTwo = store.awaitingUploadPast(now, 2).stream()
                .filter(job -> job.accountId().equals(account))
                .map(BatchJob::id)
                .toList();
        List<String> beforeTheLast = store.awaitingUploadPast(longAgo.plus(Duration.ofMinutes(9)), 100).stream()
                .filter(job -> job.accountId().equals(account))
                .map(BatchJob::id)
                .toList();

        assertThat(firstTwo).containsExactly(jobs.get(1).id(), jobs.get(3).id());
        // Deadlines are created + 5 minutes: at +9 minutes the job created at +4 is not yet due.
        assertThat(beforeTheLast)
                .containsExactly(jobs.get(1).id(), jobs.get(3).id(), jobs.get(0).id());
    }

    @Test
    void theBackstopFindsExactlyTheRunningJobsPastTheirProcessingDeadline() {
        BatchJob late = SampleJobs.readyForUpload(account, clock.instant());
        BatchJob onTime = SampleJobs.readyForUpload(account, clock.instant());
        BatchJob ended = SampleJobs.readyForUpload(account, clock.instant());
        Map<BatchJob, Duration> deadlines =
                Map.of(late, Duration.ofMinutes(1), onTime, Duration.ofHours(1), ended, Duration.ofMinutes(1));
        for (BatchJob job : List.of(late, onTime, ended)) {
            store.create(job);
            // The deadline is written by the begin transition itself: there is no moment when the job runs without it.
            store.update(job, job.begin(pinned(job), clock.instant().plus(deadlines.get(job)), clock.instant()));
        }
        BatchJob validating = store.find(account, ended.id()).orElseThrow();
        store.update(validating, validating.startProcessing(clock.instant()));
        BatchJob running = store.find(account, ended.id()).orElseThrow();
        store.update(running, running.moveTo(JobStatus.COMPLETE, clock.instant()));
        clock.advance(Duration.ofMinutes(2));

        List<String> due = store.runningPast(clock.instant(), 100).stream()
                .filter(job -> job.accountId().equals(account))
                .map(BatchJob::id)
                .toList();

        assertThat(due).containsExactly(late.id());
    }

    @Test
    void progressCountersMoveWithoutChangingTheVersion() {
        BatchJob job = SampleJobs.readyForUpload(account, clock.instant());
        store.create(job);
        BatchJob validating = job.moveTo(JobStatus.VALIDATING, clock.instant());
        store.update(job, validating);

        store.recordValidated(job.id(), 1500);
        store.recordTotalRows(job.id(), 2000);
        store.update(validating, validating.moveTo(JobStatus.IN_PROGRESS, clock.instant()));

        BatchJob stored = store.find(account, job.id()).orElseThrow();
        assertThat(stored.counts().validated()).isEqualTo(1500);
        assertThat(stored.counts().totalRows()).isEqualTo(2000);
        assertThat(stored.version()).isEqualTo(3);
        assertThat(stored.status()).isEqualTo(JobStatus.IN_PROGRESS);
    }

    private IdempotencyClaim claim(String key, String fingerprint, String jobId) {
        return new IdempotencyClaim(
                AccountScope.test(account),
                key,
                fingerprint,
                jobId,
                clock.instant().plus(Duration.ofHours(24)));
    }

    // ---------------------------------------------------------------- the outbox: events written with their change

    @Test
    void aChangeStoresItsEventsUnpublishedAndFindableOnlyByItsAccount() {
        BatchJob job = SampleJobs.readyForUpload(account, clock.instant());
        store.create(job);
        clock.advance(Duration.ofSeconds(1));
        store.update(job, job.moveTo(JobStatus.VALIDATING, clock.instant()));

        List<JobEvent> events = eventStore()
                .list(AccountScope.test(account), new EventQuery(Optional.of(job.id()), 10, Optional.empty()))
                .events();
        assertThat(events)
                .extracting(JobEvent::type)
                .containsExactlyInAnyOrder(
                        LifecycleEvents.CREATED,
                        LifecycleEvents.READY_FOR_UPLOAD,
                        LifecycleEvents.VALIDATING,
                        LifecycleEvents.UPDATED);
        JobEvent validating = events.stream()
                .filter(e -> e.type().equals(LifecycleEvents.VALIDATING))
                .findFirst()
                .orElseThrow();
        assertThat(eventStore().find(account, validating.id())).contains(validating);
        assertThat(eventStore().find("acct_someone_else", validating.id())).isEmpty();
        assertThat(eventStore().unpublished(clock.instant().plusSeconds(1), 1000))
                .extracting(JobEvent::id)
                .contains(validating.id());
    }

    @Test
    void theOutboxGivesTheOldestUnpublishedEventsOfEveryJobFirst() {
        // Before every other test's events: the tables are shared, and the oldest are the ones asked for.
        clock.set(Instant.parse("2020-01-01T00:00:00Z"));
        List<JobEvent> created = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            BatchJob job = SampleJobs.readyForUpload(account, clock.instant());
            store.create(job);
            created.addAll(eventStore()
                    .list(AccountScope.test(account), new EventQuery(Optional.of(job.id()), 10, Optional.empty()))
                    .events());
            clock.advance(Duration.ofMillis(10));
        }
        // Oldest first; events of one instant in the order of their ids, as the outbox index sorts them.
        List<String> oldestFirst = created.stream()
                .sorted(Comparator.comparing(JobEvent::created).thenComparing(JobEvent::id))
                .map(JobEvent::id)
                .toList();

        assertThat(eventStore().unpublished(clock.instant(), 5))
                .extracting(JobEvent::id)
                .containsExactlyElementsOf(oldestFirst.subList(0, 5));
        assertThat(eventStore().unpublished(clock.instant(), 1000))
                .extracting(JobEvent::id)
                .containsAll(oldestFirst);
    }

    @Test
    void aChangeThatLosesItsRaceStoresNoEvent() {
        BatchJob job = SampleJobs.readyForUpload(account, clock.instant());
        store.create(job);
        store.update(job, job.moveTo(JobStatus.VALIDATING, clock.instant()));

        assertThatThrownBy(() -> store.update(job, job.moveTo(JobStatus.UPLOAD_TIMEOUT, clock.instant())))
                .isInstanceOf(JobConflictException.class);

        assertThat(eventStore()
                        .list(AccountScope.test(account), new EventQuery(Optional.of(job.id()), 100, Optional.empty()))
                        .events())
                .extracting(JobEvent::type)
                .doesNotContain(LifecycleEvents.UPLOAD_TIMEOUT)
                .hasSize(4);
    }

    @Test
    void eventsListNewestFirstInPagesPerAccountAndPerJob() {
        BatchJob first = SampleJobs.readyForUpload(account, clock.instant());
        store.create(first);
        clock.advance(Duration.ofSeconds(1));
        BatchJob second = SampleJobs.readyForUpload(account, clock.instant());
        store.create(second);
        store.create(SampleJobs.readyForUpload(
                "acct_other_" + UUID.randomUUID().toString().substring(0, 8), clock.instant()));

        List<JobEvent> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            EventPage page = eventStore().list(AccountScope.test(account), new EventQuery(Optional.empty(), 3, cursor));
            all.addAll(page.events());
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        assertThat(all).hasSize(4).allSatisfy(e -> assertThat(e.accountId()).isEqualTo(account));
        assertThat(all.subList(0, 2)).allSatisfy(e -> assertThat(e.jobId()).isEqualTo(second.id()));
        assertThat(eventStore()
                        .list(AccountScope.test(account), new EventQuery(Optional.of(first.id()), 10, Optional.empty()))
                        .events())
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.jobId()).isEqualTo(first.id()));
        assertThatThrownBy(() -> eventStore()
                        .list(
                                AccountScope.test(account),
                                new EventQuery(Optional.empty(), 3, Optional.of("bm90IGEgY3Vyc29y"))))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void eventsFilterByTypeAcrossPagesAndWithinOneJob() {
        List<BatchJob> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BatchJob job = SampleJobs.readyForUpload(account, clock.instant());
            store.create(job);
            jobs.add(job);
            clock.advance(Duration.ofSeconds(1));
        }
        String created = LifecycleEvents.PREFIX + "created";

        List<JobEvent> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            EventPage page = eventStore()
                    .list(AccountScope.test(account), new EventQuery(Optional.empty(), Set.of(created), 1, cursor));
            all.addAll(page.events());
            cursor = page.nextCursor();
        } while (cursor.isPresent());

        assertThat(all).hasSize(3).allSatisfy(e -> assertThat(e.type()).isEqualTo(created));
        assertThat(all)
                .extracting(JobEvent::jobId)
                .containsExactly(jobs.get(2).id(), jobs.get(1).id(), jobs.get(0).id());
        assertThat(eventStore()
                        .list(
                                AccountScope.test(account),
                                new EventQuery(Optional.of(jobs.get(1).id()), Set.of(created), 10, Optional.empty()))
                        .events())
                .singleElement()
                .satisfies(e -> assertThat(e.jobId()).isEqualTo(jobs.get(1).id()));
        assertThat(eventStore()
                        .list(
                                AccountScope.test(account),
                                new EventQuery(
                                        Optional.empty(), Set.of("v2.core.batch_job.nothing"), 10, Optional.empty()))
                        .events())
                .isEmpty();
    }

    @Test
    void publishedEventsLeaveTheOutboxAndOnlyStaleOnesAreOffered() {
        BatchJob job = SampleJobs.readyForUpload(account, clock.instant());
        store.create(job);
        List<JobEvent> created = eventStore()
                .list(AccountScope.test(account), new EventQuery(Optional.of(job.id()), 10, Optional.empty()))
                .events();

        assertThat(eventStore().unpublished(clock.instant(), 1000))
                .extracting(JobEvent::jobId)
                .doesNotContain(job.id());
        assertThat(eventStore().unpublished(clock.instant().plusMillis(1), 1000))
                .extracting(JobEvent::jobId)
                .contains(job.id());
        eventStore().markPublished(created);
        eventStore().markPublished(created);
        assertThat(eventStore().unpublished(clock.instant().plusSeconds(60), 1000))
                .extracting(JobEvent::jobId)
                .doesNotContain(job.id());
    }

    @Test
    void aProgressEventAboutAJobThatHasSinceChangedStatusIsNotStored() {
        BatchJob job = SampleJobs.readyForUpload(account, clock.instant());
        store.create(job);
        BatchJob validating = job.moveTo(JobStatus.VALIDATING, clock.instant());
        store.update(job, validating);
        store.update(validating, validating.moveTo(JobStatus.IN_PROGRESS, clock.instant()));
        clock.advance(Duration.ofSeconds(10));

        long updatesBefore = updates(job);

        // A worker read the job while validating, and counts progress after the job moved on.
        assertThat(store.recordProgressEvent(
                        validating, LifecycleEvents.progress(validating, clock.instant()), Duration.ofSeconds(1)))
                .isFalse();
        assertThat(updates(job)).isEqualTo(updatesBefore);
        BatchJob now = store.find(account, job.id()).orElseThrow();
        assertThat(store.recordProgressEvent(
                        now, LifecycleEvents.progress(now, clock.instant()), Duration.ofSeconds(1)))
                .isTrue();
        assertThat(updates(job)).isEqualTo(updatesBefore + 1);
    }

    private long updates(BatchJob job) {
        return eventStore()
                .list(AccountScope.test(account), new EventQuery(Optional.of(job.id()), 100, Optional.empty()))
                .events()
                .stream()
                .filter(e -> e.type().equals(LifecycleEvents.UPDATED))
                .count();
    }

    @Test
    void progressEventsAreStoredAtMostOncePerInterval() {
        BatchJob job = SampleJobs.readyForUpload(account, clock.instant());
        store.create(job);
        Duration every = Duration.ofSeconds(5);

        assertThat(store.recordProgressEvent(job, LifecycleEvents.progress(job, clock.instant()), every))
                .isTrue();
        clock.advance(Duration.ofSeconds(4));
        assertThat(store.recordProgressEvent(job, LifecycleEvents.progress(job, clock.instant()), every))
                .isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.recordProgressEvent(job, LifecycleEvents.progress(job, clock.instant()), every))
                .isTrue();
        BatchJob nobody = SampleJobs.readyForUpload("acct_nobody", clock.instant());
        assertThat(store.recordProgressEvent(nobody, LifecycleEvents.progress(nobody, clock.instant()), every))
                .as("no such job")
                .isFalse();

        assertThat(eventStore()
                        .list(AccountScope.test(account), new EventQuery(Optional.of(job.id()), 10, Optional.empty()))
                        .events())
                .filteredOn(e -> e.type().equals(LifecycleEvents.UPDATED))
                .hasSize(2);
    }

    // ---------------------------------------------------------------- the Meteroid listing and its counters

    private static final Set<String> TYPES = Set.of("CUSTOMER_CSV_IMPORT", "SUBSCRIPTION_PLAN_MIGRATION");
    private static final Set<MeteroidStatus> EVERY_STATUS = Set.of(MeteroidStatus.values());

    private BatchJob typed(String type) {
        clock.advance(Duration.ofMillis(5));
        BatchJob job = SampleJobs.readyForUpload(account, clock.instant());
        JobSpec spec = job.spec();
        job = new BatchJob(
                job.id(),
                job.accountId(),
                false,
                job.created(),
                "00000000-0000-4000-8000-000000000001",
                new JobSpec(spec.endpoint(), 10, spec.metadata(), false, spec.notificationScope(), type),
                job.upload(),
                new JobStage(job.status(), 1, job.created(), null),
                job.counts(),
                JobOutcome.NONE);
        store.create(job);
        return job;
    }

    @Test
    void theMeteroidListingFiltersByTypeAndStatusNewestFirstWithCountedTotals() {
        BatchJob customers1 = typed("CUSTOMER_CSV_IMPORT");
        BatchJob migration = typed("SUBSCRIPTION_PLAN_MIGRATION");
        BatchJob customers2 = typed("CUSTOMER_CSV_IMPORT");
        typed(null);
        store.update(customers1, customers1.moveTo(JobStatus.CANCELED, clock.instant()));

        MeteroidPage all =
                store.meteroidPage(AccountScope.test(account), new MeteroidQuery(TYPES, EVERY_STATUS, 0, 10));
        assertThat(all.jobs())
                .extracting(BatchJob::id)
                .containsExactly(customers2.id(), migration.id(), customers1.id());
        assertThat(all.totalItems()).isEqualTo(3);

        MeteroidPage customers = store.meteroidPage(
                AccountScope.test(account), new MeteroidQuery(Set.of("CUSTOMER_CSV_IMPORT"), EVERY_STATUS, 0, 10));
        assertThat(customers.jobs()).extracting(BatchJob::id).containsExactly(customers2.id(), customers1.id());

        MeteroidPage pending = store.meteroidPage(
                AccountScope.test(account), new MeteroidQuery(TYPES, Set.of(MeteroidStatus.PENDING), 0, 10));
        assertThat(pending.jobs()).extracting(BatchJob::id).containsExactly(customers2.id(), migration.id());
        assertThat(pending.totalItems()).isEqualTo(2);

        MeteroidPage canceled = store.meteroidPage(
                AccountScope.test(account),
                new MeteroidQuery(
                        Set.of("CUSTOMER_CSV_IMPORT"), Set.of(MeteroidStatus.CANCELLED, MeteroidStatus.FAILED), 0, 10));
        assertThat(canceled.jobs()).extracting(BatchJob::id).containsExactly(customers1.id());
        assertThat(canceled.totalItems()).isEqualTo(1);

        assertThat(store.meteroidPage(AccountScope.test("acct_nobody"), new MeteroidQuery(TYPES, EVERY_STATUS, 0, 10))
                        .jobs())
                .isEmpty();
    }

    @Test
    void meteroidPagesCoverEveryJobOnceAndAPagePastTheEndIsEmpty() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(
                    0,
                    typed(i % 2 == 0 ? "CUSTOMER_CSV_IMPORT" : "SUBSCRIPTION_PLAN_MIGRATION")
                            .id());
        }
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            MeteroidPage result =
                    store.meteroidPage(AccountScope.test(account), new MeteroidQuery(TYPES, EVERY_STATUS, page, 3));
            assertThat(result.totalItems()).isEqualTo(7);
            result.jobs().forEach(j -> seen.add(j.id()));
        }
        assertThat(seen).isEqualTo(created);
        assertThat(store.meteroidPage(AccountScope.test(account), new MeteroidQuery(TYPES, EVERY_STATUS, 3, 3))
                        .jobs())
                .isEmpty();
        assertThat(store.meteroidPage(
                                AccountScope.test(account),
                                new MeteroidQuery(TYPES, Set.of(MeteroidStatus.PENDING), 2, 3))
                        .jobs())
                .extracting(BatchJob::id)
                .containsExactly(created.get(6));
    }

    @Test
    void aCompleteJobWithFailedRowsCountsAsCompletedWithErrors() {
        BatchJob clean = typed("CUSTOMER_CSV_IMPORT");
        BatchJob failing = typed("CUSTOMER_CSV_IMPORT");
        for (BatchJob job : List.of(clean, failing)) {
            BatchJob running = job.moveTo(JobStatus.IN_PROGRESS, clock.instant());
            store.update(job, running);
            long failed = job == failing ? 2 : 0;
            BatchJob done = running.withCounts(new JobCounts(0, 2 - failed, failed, 2))
                    .moveTo(JobStatus.COMPLETE, clock.instant());
            store.update(running, done);
        }

        assertThat(store.meteroidPage(
                                AccountScope.test(account),
                                new MeteroidQuery(TYPES, Set.of(MeteroidStatus.COMPLETED_WITH_ERRORS), 0, 10))
                        .jobs())
                .extracting(BatchJob::id)
                .containsExactly(failing.id());
        assertThat(store.meteroidPage(
                                AccountScope.test(account),
                                new MeteroidQuery(TYPES, Set.of(MeteroidStatus.COMPLETED), 0, 10))
                        .jobs())
                .extracting(BatchJob::id)
                .containsExactly(clean.id());
        assertThat(store.meteroidPage(
                                AccountScope.test(account),
                                new MeteroidQuery(
                                        TYPES, Set.of(MeteroidStatus.PENDING, MeteroidStatus.PROCESSING), 0, 10))
                        .totalItems())
                .isZero();
    }

    /** Beginning a job records its pinned copy and its processing deadline with the status, in one write. */
    @Test
    void theBeginTransitionStoresThePinnedCopyAndTheDeadlineWithTheStatus() {
        BatchJob job = SampleJobs.readyForUpload(account, clock.instant());
        store.create(job);
        Instant deadline = clock.instant().plus(Duration.ofHours(24)).truncatedTo(ChronoUnit.MILLIS);

        store.update(job, job.begin(pinned(job), deadline, clock.instant()));

        BatchJob begun = store.find(account, job.id()).orElseThrow();
        assertThat(begun.status()).isEqualTo(JobStatus.VALIDATING);
        assertThat(begun.upload().pinned()).isEqualTo(pinned(job));
        assertThat(begun.upload().readKey()).isEqualTo("pinned/" + account + "/" + job.id() + "/etag1");
        assertThat(begun.stage().processingDeadline()).isEqualTo(deadline);
        // Ending keeps the copy (the error file reads it) and takes the job off the backstop's index.
        store.update(begun, begun.moveTo(JobStatus.CANCELLING, clock.instant()));
        BatchJob cancelling = store.find(account, job.id()).orElseThrow();
        store.update(cancelling, cancelling.moveTo(JobStatus.CANCELED, clock.instant()));
        assertThat(store.find(account, job.id()).orElseThrow().upload().pinned())
                .isEqualTo(pinned(job));
        clock.advance(Duration.ofHours(25));
        assertThat(store.runningPast(clock.instant(), 100))
                .extracting(BatchJob::id)
                .doesNotContain(job.id());
    }

    private static PinnedInput pinned(BatchJob job) {
        return new PinnedInput("pinned/" + job.accountId() + "/" + job.id() + "/etag1", "etag1", 120);
    }

    // ---------------------------------------------------------------- test and live mode: two worlds

    @Test
    void aJobOfOneModeIsInvisibleToTheOtherModeOfItsAccount() {
        AccountScope test = AccountScope.test(account);
        AccountScope live = AccountScope.live(account);
        BatchJob testJob = SampleJobs.readyForUpload(account, clock.instant());
        clock.advance(Duration.ofMillis(5));
        BatchJob liveJob = SampleJobs.inLiveMode(SampleJobs.readyForUpload(account, clock.instant()));
        store.create(testJob);
        store.create(liveJob);

        assertThat(store.find(live, liveJob.id())).contains(liveJob);
        assertThat(store.find(test, liveJob.id())).isEmpty();
        assertThat(store.find(test, testJob.id())).contains(testJob);
        assertThat(store.find(live, testJob.id())).isEmpty();
        // The pipeline acts on the job its messages name, in whichever mode.
        assertThat(store.find(account, liveJob.id())).contains(liveJob);

        assertThat(store.list(live, new JobQuery(Set.of(), 10, Optional.empty()))
                        .jobs())
                .extracting(BatchJob::id)
                .containsExactly(liveJob.id());
        assertThat(store.list(test, new JobQuery(Set.of(), 10, Optional.empty()))
                        .jobs())
                .extracting(BatchJob::id)
                .containsExactly(testJob.id());
        MeteroidPage liveTyped = store.meteroidPage(live, new MeteroidQuery(TYPES, EVERY_STATUS, 0, 10));
        assertThat(liveTyped.jobs()).extracting(BatchJob::id).containsExactly(liveJob.id());
        assertThat(liveTyped.totalItems()).isEqualTo(1);
        MeteroidPage testTyped = store.meteroidPage(test, new MeteroidQuery(TYPES, EVERY_STATUS, 0, 10));
        assertThat(testTyped.jobs()).extracting(BatchJob::id).containsExactly(testJob.id());
        assertThat(testTyped.totalItems()).isEqualTo(1);
    }

    @Test
    void anIdempotencyKeyOfOneModeIsAnotherKeyInTheOtherMode() {
        BatchJob testJob = SampleJobs.readyForUpload(account, clock.instant());
        BatchJob liveJob = SampleJobs.inLiveMode(SampleJobs.readyForUpload(account, clock.instant()));
        Instant expiry = clock.instant().plus(Duration.ofHours(24));

        assertThat(store.createClaimed(
                        testJob, new IdempotencyClaim(AccountScope.test(account), "k", "f", testJob.id(), expiry)))
                .isEmpty();
        assertThat(store.createClaimed(
                        liveJob, new IdempotencyClaim(AccountScope.live(account), "k", "f", liveJob.id(), expiry)))
                .isEmpty();

        assertThat(store.find(AccountScope.live(account), liveJob.id())).contains(liveJob);
        assertThat(store.createClaimed(
                        SampleJobs.inLiveMode(SampleJobs.readyForUpload(account, clock.instant())),
                        new IdempotencyClaim(AccountScope.live(account), "k", "f", "batchv2_other", expiry)))
                .map(IdempotencyClaim::jobId)
                .contains(liveJob.id());
    }

    @Test
    void theEventsOfOneModeAreInvisibleToTheOtherMode() {
        BatchJob liveJob = SampleJobs.inLiveMode(SampleJobs.readyForUpload(account, clock.instant()));
        store.create(liveJob);
        AccountScope live = AccountScope.live(account);
        AccountScope test = AccountScope.test(account);

        List<JobEvent> liveEvents = eventStore()
                .list(live, new EventQuery(Optional.of(liveJob.id()), 10, Optional.empty()))
                .events();
        assertThat(liveEvents)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.livemode()).isTrue());
        assertThat(eventStore().find(live, liveEvents.get(0).id())).contains(liveEvents.get(0));
        assertThat(eventStore().find(test, liveEvents.get(0).id())).isEmpty();
        assertThat(eventStore()
                        .list(test, new EventQuery(Optional.of(liveJob.id()), 10, Optional.empty()))
                        .events())
                .isEmpty();
        assertThat(eventStore()
                        .list(test, new EventQuery(Optional.empty(), 10, Optional.empty()))
                        .events())
                .isEmpty();
    }
}
