package dev.batchjobs.domain.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobOutcome;
import dev.batchjobs.domain.JobSpec;
import dev.batchjobs.domain.JobStage;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.testing.SampleJobs;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LifecycleEventsTest {
    private final Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private final BatchJob job = SampleJobs.readyForUpload("acct_a", now);

    @Test
    void aNewJobEmitsCreatedThenReadyForUpload() {
        assertThat(LifecycleEvents.forCreate(job))
                .extracting(JobEvent::type)
                .containsExactly(LifecycleEvents.CREATED, LifecycleEvents.READY_FOR_UPLOAD);
    }

    @Test
    void aStatusChangeEmitsItsOwnTypeThenUpdated() {
        BatchJob validating = job.moveTo(JobStatus.VALIDATING, now.plusSeconds(1));
        var events = LifecycleEvents.forTransition(job, validating);

        assertThat(events)
                .extracting(JobEvent::type)
                .containsExactly(LifecycleEvents.VALIDATING, LifecycleEvents.UPDATED);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.jobId()).isEqualTo(job.id());
            assertThat(e.accountId()).isEqualTo("acct_a");
            assertThat(e.counts().status()).isEqualTo("validating");
            assertThat(e.created())
                    .isBetween(now.plusSeconds(1), now.plusSeconds(1).plusMillis(1));
            assertThat(e.id()).startsWith("evt_");
        });
    }

    @Test
    void statusesWithoutAnEventTypeOfTheirOwnEmitUpdatedAlone() {
        BatchJob running = job.moveTo(JobStatus.IN_PROGRESS, now);
        assertThat(LifecycleEvents.forTransition(job, running))
                .extracting(JobEvent::type)
                .containsExactly(LifecycleEvents.UPDATED);
        assertThat(LifecycleEvents.forTransition(running, running.moveTo(JobStatus.CANCELLING, now)))
                .extracting(JobEvent::type)
                .containsExactly(LifecycleEvents.UPDATED);
    }

    @Test
    void everyTerminalStatusHasTheGuidesEventType() {
        assertThat(LifecycleEvents.statusType(JobStatus.COMPLETE)).hasValue("v2.core.batch_job.completed");
        assertThat(LifecycleEvents.statusType(JobStatus.CANCELED)).hasValue("v2.core.batch_job.canceled");
        assertThat(LifecycleEvents.statusType(JobStatus.TIMEOUT)).hasValue("v2.core.batch_job.timeout");
        assertThat(LifecycleEvents.statusType(JobStatus.UPLOAD_TIMEOUT)).hasValue("v2.core.batch_job.upload_timeout");
        assertThat(LifecycleEvents.statusType(JobStatus.BATCH_FAILED)).hasValue("v2.core.batch_job.batch_failed");
        assertThat(LifecycleEvents.statusType(JobStatus.VALIDATION_FAILED))
                .hasValue("v2.core.batch_job.validation_failed");
    }

    @Test
    void attachingAnOutcomeWithoutAStatusChangeEmitsNothing() {
        assertThat(LifecycleEvents.forTransition(job, job.withOutcome(null, "reason")))
                .isEmpty();
    }

    @Test
    void eventsCarryTheJobsMetadata() {
        JobSpec spec = job.spec();
        BatchJob withMetadata = new BatchJob(
                job.id(),
                job.accountId(),
                false,
                now,
                job.createdBy(),
                new JobSpec(
                        spec.endpoint(), 10, Map.of("batch", "b1"), false, spec.notificationScope(), spec.jobType()),
                job.upload(),
                new JobStage(job.status(), 1, now, null),
                job.counts(),
                JobOutcome.NONE);
        assertThat(LifecycleEvents.forCreate(withMetadata))
                .allSatisfy(e -> assertThat(e.metadata()).containsEntry("batch", "b1"));
    }
}
