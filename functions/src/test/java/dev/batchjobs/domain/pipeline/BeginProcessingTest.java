package dev.batchjobs.domain.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobLineage;
import dev.batchjobs.domain.JobOutcome;
import dev.batchjobs.domain.JobSpec;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.PinnedInput;
import dev.batchjobs.domain.ProcessingTimeouts;
import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BeginProcessingTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final FakeInputStorage inputs = new FakeInputStorage(clock);
    private final BeginProcessing begin = new BeginProcessing(jobs, inputs, clock, ProcessingTimeouts.DEFAULT);

    /** What the S3 event says after a client's PUT of {@code content} to {@code key}: the key, size and ETag. */
    private BeginResult uploaded(String key, String content) {
        inputs.put(key, content.getBytes(StandardCharsets.UTF_8));
        return begin.begin(key, content.length(), "\"" + inputs.etag(key).orElseThrow() + "\"");
    }

    @Test
    void anUploadStartsValidation() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);

        BeginResult result = uploaded(job.upload().key(), "x".repeat(120));

        assertThat(result.proceed()).isTrue();
        assertThat(result.timeoutSeconds()).isEqualTo(86_400);
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status()).isEqualTo(JobStatus.VALIDATING);
    }

    @Test
    void aJobWithItsOwnTimeoutIsWaitedForThatLongAndSweptOnlyPastIt() {
        BatchJob ready = SampleJobs.readyForUpload("acct_a", clock.instant());
        JobSpec spec = ready.spec();
        Duration threeDays = Duration.ofDays(3);
        BatchJob job = new BatchJob(
                ready.id(),
                ready.accountId(),
                false,
                ready.created(),
                ready.createdBy(),
                new JobSpec(
                        spec.endpoint(),
                        10,
                        spec.metadata(),
                        false,
                        spec.notificationScope(),
                        spec.jobType(),
                        null,
                        JobLineage.NONE,
                        threeDays),
                ready.upload(),
                ready.stage(),
                ready.counts(),
                JobOutcome.NONE);
        jobs.create(job);

        BeginResult result = uploaded(job.upload().key(), "x".repeat(120));

        assertThat(result.timeoutSeconds()).isEqualTo(threeDays.toSeconds());
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().stage().processingDeadline())
                .isEqualTo(clock.instant().plus(threeDays).plus(BeginProcessing.BACKSTOP_GRACE));
    }

    @Test
    void skipValidationGoesStraightToInProgress() {
        BatchJob ready = SampleJobs.readyForUpload("acct_a", clock.instant());
        JobSpec spec = ready.spec();
        BatchJob job = new BatchJob(
                ready.id(),
                ready.accountId(),
                false,
                ready.created(),
                ready.createdBy(),
                new JobSpec(spec.endpoint(), 10, spec.metadata(), true, spec.notificationScope(), spec.jobType()),
                ready.upload(),
                ready.stage(),
                ready.counts(),
                JobOutcome.NONE);
        jobs.create(job);

        BeginResult result = uploaded(job.upload().key(), "x".repeat(120));

        assertThat(result.skipValidation()).isTrue();
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status()).isEqualTo(JobStatus.IN_PROGRESS);
    }

    @Test
    void aRetryStoredBegunIsLetThroughOnceAndNotAfterItsValidationStarted() {
        BatchJob ready = SampleJobs.readyForUpload("acct_a", clock.instant());
        BatchJob parent = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.COMPLETE);
        BatchJob retry = new BatchJob(
                        ready.id(),
                        ready.accountId(),
                        false,
                        ready.created(),
                        ready.createdBy(),
                        ready.spec().withLineage(JobLineage.retryOf(parent)),
                        ready.upload(),
                        ready.stage(),
                        ready.counts(),
                        JobOutcome.NONE)
                .begin(
                        new PinnedInput("pinned/acct_a/" + ready.id() + "/retry-input", "e1", 10),
                        clock.instant(),
                        clock.instant());
        jobs.create(retry);

        BeginResult first = begin.begin(retry.upload().key(), 10, null);
        jobs.recordValidated(retry.id(), 3);
        BeginResult later = begin.begin(retry.upload().key(), 10, null);

        assertThat(first.proceed()).isTrue();
        assertThat(first.skipValidation()).isFalse();
        assertThat(later.proceed()).isFalse();
        // An ordinary job already validating is never let through again.
        BatchJob plain = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.VALIDATING);
        jobs.create(plain);
        assertThat(begin.begin(plain.upload().key(), 10, null).proceed()).isFalse();
    }

    @Test
    void aDuplicateOrLateEventChangesNothing() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);
        uploaded(job.upload().key(), "x".repeat(120));
        BatchJob afterFirst = jobs.find("acct_a", job.id()).orElseThrow();

        BeginResult second = uploaded(job.upload().key(), "x".repeat(120));

        assertThat(second.proceed()).isFalse();
        assertThat(second.reason()).contains("validating");
        assertThat(jobs.find("acct_a", job.id()).orElseThrow()).isEqualTo(afterFirst);
    }

    @Test
    void anUploadForACanceledJobChangesNothing() {
        BatchJob job = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.CANCELED);
        jobs.create(job);

        assertThat(uploaded(job.upload().key(), "x".repeat(1)).proceed()).isFalse();
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELED);
    }

    @Test
    void keysThatAreNotOursAreIgnored() {
        assertThat(uploaded("inputs/acct_a/batchv2_X/other", "x".repeat(1)).proceed())
                .isFalse();
        assertThat(uploaded("results/acct_a/batchv2_X/input", "x".repeat(1)).proceed())
                .isFalse();
        assertThat(uploaded("inputs/acct_b/batchv2_Missing/input", "x".repeat(1))
                        .reason())
                .isEqualTo("no such job");
    }

    @Test
    void anotherAccountsKeyCannotStartMyJob() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);

        BeginResult result = uploaded("inputs/acct_b/" + job.id() + "/input", "x".repeat(1));

        assertThat(result.proceed()).isFalse();
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status()).isEqualTo(JobStatus.READY_FOR_UPLOAD);
    }

    @Test
    void theJobRunsAServerCopyOfTheFileItBeganWithWhateverIsUploadedAfter() throws IOException {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);
        uploaded(job.upload().key(), "first file\n");

        inputs.put(job.upload().key(), "a second PUT, during validation\n".getBytes(StandardCharsets.UTF_8));

        BatchJob begun = jobs.find("acct_a", job.id()).orElseThrow();
        assertThat(begun.upload().readKey())
                .startsWith("pinned/acct_a/" + job.id() + "/")
                .isNotEqualTo(job.upload().key());
        assertThat(begun.upload().pinned().size()).isEqualTo("first file\n".length());
        assertThat(new String(inputs.read(begun.upload().readKey(), 0, 100).readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("first file\n");
    }

    @Test
    void anEventWhoseUploadWasAlreadyReplacedLeavesTheJobToTheNewerUploadsEvent() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);
        inputs.put(job.upload().key(), "first\n".getBytes(StandardCharsets.UTF_8));
        String firstTag = inputs.etag(job.upload().key()).orElseThrow();
        inputs.put(job.upload().key(), "second\n".getBytes(StandardCharsets.UTF_8));

        BeginResult stale = begin.begin(job.upload().key(), 6, firstTag);
        assertThat(stale.proceed()).isFalse();
        assertThat(stale.reason()).contains("replaced");
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status()).isEqualTo(JobStatus.READY_FOR_UPLOAD);

        BeginResult newer = begin.begin(
                job.upload().key(), 7, inputs.etag(job.upload().key()).orElseThrow());
        assertThat(newer.proceed()).isTrue();
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().upload().pinned().size())
                .isEqualTo(7);
    }

    /** One write: no moment exists when the job runs without a deadline the sweeper can see. */
    @Test
    void theDeadlineIsPartOfTheBeginWrite() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);

        uploaded(job.upload().key(), "rows\n");

        assertThat(jobs.find("acct_a", job.id()).orElseThrow().stage().processingDeadline())
                .isEqualTo(clock.instant().plus(Duration.ofHours(24)).plus(BeginProcessing.BACKSTOP_GRACE));
    }
}
