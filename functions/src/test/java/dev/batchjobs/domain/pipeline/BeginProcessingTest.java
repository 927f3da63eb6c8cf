package dev.batchjobs.domain.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobOutcome;
import dev.batchjobs.domain.JobSpec;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BeginProcessingTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final BeginProcessing begin = new BeginProcessing(jobs, jobs, clock, Duration.ofHours(24));

    @Test
    void anUploadStartsValidation() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);

        BeginResult result = begin.begin(job.upload().key(), 120);

        assertThat(result.proceed()).isTrue();
        assertThat(result.timeoutSeconds()).isEqualTo(86_400);
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status()).isEqualTo(JobStatus.VALIDATING);
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

        BeginResult result = begin.begin(job.upload().key(), 120);

        assertThat(result.skipValidation()).isTrue();
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status()).isEqualTo(JobStatus.IN_PROGRESS);
    }

    @Test
    void aDuplicateOrLateEventChangesNothing() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);
        begin.begin(job.upload().key(), 120);
        BatchJob afterFirst = jobs.find("acct_a", job.id()).orElseThrow();

        BeginResult second = begin.begin(job.upload().key(), 120);

        assertThat(second.proceed()).isFalse();
        assertThat(second.reason()).contains("validating");
        assertThat(jobs.find("acct_a", job.id()).orElseThrow()).isEqualTo(afterFirst);
    }

    @Test
    void anUploadForACanceledJobChangesNothing() {
        BatchJob job = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.CANCELED);
        jobs.create(job);

        assertThat(begin.begin(job.upload().key(), 1).proceed()).isFalse();
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELED);
    }

    @Test
    void keysThatAreNotOursAreIgnored() {
        assertThat(begin.begin("inputs/acct_a/batchv2_X/other", 1).proceed()).isFalse();
        assertThat(begin.begin("results/acct_a/batchv2_X/input", 1).proceed()).isFalse();
        assertThat(begin.begin("inputs/acct_b/batchv2_Missing/input", 1).reason())
                .isEqualTo("no such job");
    }

    @Test
    void anotherAccountsKeyCannotStartMyJob() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);

        BeginResult result = begin.begin("inputs/acct_b/" + job.id() + "/input", 1);

        assertThat(result.proceed()).isFalse();
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status()).isEqualTo(JobStatus.READY_FOR_UPLOAD);
    }
}
