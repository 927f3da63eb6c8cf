package dev.batchjobs.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.testing.SampleJobs;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureThresholdTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static BatchJob running(FailureThreshold threshold, long succeeded, long failed) {
        BatchJob job = SampleJobs.withStatus("acct_a", NOW, JobStatus.IN_PROGRESS);
        JobSpec spec = job.spec();
        BatchJob withThreshold = new BatchJob(
                job.id(),
                job.accountId(),
                job.livemode(),
                job.created(),
                job.createdBy(),
                new JobSpec(
                        spec.endpoint(),
                        spec.maximumRps(),
                        spec.metadata(),
                        spec.skipValidation(),
                        spec.notificationScope(),
                        spec.jobType(),
                        threshold),
                job.upload(),
                job.stage(),
                job.counts(),
                job.outcome());
        return withThreshold.withCounts(new JobCounts(0, succeeded, failed, 100));
    }

    @Test
    void itTripsOnlyWithEnoughRowsAndAShareAboveThePercent() {
        FailureThreshold t = new FailureThreshold(20, 50, FailureThreshold.Action.PAUSE);

        assertThat(t.trippedBy(49, 49)).as("too few rows").isFalse();
        assertThat(t.trippedBy(50, 10)).as("exactly 20% does not pass 20%").isFalse();
        assertThat(t.trippedBy(50, 11)).isTrue();
        assertThat(new FailureThreshold(0, 1, FailureThreshold.Action.FAIL).trippedBy(1, 1))
                .isTrue();
        assertThat(new FailureThreshold(0, 1, FailureThreshold.Action.FAIL).trippedBy(1, 0))
                .isFalse();
    }

    @Test
    void aPauseThresholdPausesWithItsReasonAndAFailThresholdEndsBatchFailedSayingWhy() {
        BatchJob paused = running(new FailureThreshold(20, 10, FailureThreshold.Action.PAUSE), 2, 8)
                .stopForFailures(NOW)
                .orElseThrow();
        BatchJob failed = running(new FailureThreshold(20, 10, FailureThreshold.Action.FAIL), 2, 8)
                .stopForFailures(NOW)
                .orElseThrow();

        assertThat(paused.status()).isEqualTo(JobStatus.PAUSED);
        assertThat(paused.pauseReason()).contains("failure_threshold");
        assertThat(failed.status()).isEqualTo(JobStatus.BATCH_FAILED);
        assertThat(failed.outcome().failureReason())
                .contains("8 of 10 rows failed")
                .contains("20%");
    }

    @Test
    void aJobWithoutAThresholdOrBelowItOrNotRunningIsNotStopped() {
        assertThat(SampleJobs.withStatus("acct_a", NOW, JobStatus.IN_PROGRESS)
                        .withCounts(new JobCounts(0, 0, 100, 100))
                        .stopForFailures(NOW))
                .isEmpty();
        assertThat(running(new FailureThreshold(20, 10, FailureThreshold.Action.PAUSE), 9, 1)
                        .stopForFailures(NOW))
                .isEmpty();
        BatchJob cancelling = running(new FailureThreshold(20, 10, FailureThreshold.Action.PAUSE), 0, 10)
                .moveTo(JobStatus.CANCELLING, NOW);
        assertThat(cancelling.stopForFailures(NOW)).isEmpty();
    }

    @Test
    void afterAResumeOnlyTheRowsEndedSinceCount() {
        BatchJob paused = running(new FailureThreshold(20, 10, FailureThreshold.Action.PAUSE), 2, 8)
                .stopForFailures(NOW)
                .orElseThrow();

        BatchJob resumed = paused.resume(NOW);

        assertThat(resumed.stage().atLastResume().processed()).isEqualTo(10);
        assertThat(resumed.stopForFailures(NOW))
                .as("nothing ended since the resume")
                .isEmpty();
        assertThat(resumed.withCounts(new JobCounts(0, 11, 9, 100)).stopForFailures(NOW))
                .as("10 more rows, 1 failed")
                .isEmpty();
        assertThat(resumed.withCounts(new JobCounts(0, 5, 15, 100)).stopForFailures(NOW))
                .as("10 more rows, 7 failed")
                .isPresent();
    }
}
