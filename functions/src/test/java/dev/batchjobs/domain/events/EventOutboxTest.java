package dev.batchjobs.domain.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobConflictException;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.RecordingEventPublisher;
import dev.batchjobs.testing.SampleJobs;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventOutboxTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore inner = new InMemoryJobStore(clock);
    private final RecordingEventPublisher bus = new RecordingEventPublisher();
    private final EventOutbox outbox = new EventOutbox(inner.events(), bus);
    private final PublishingJobStore jobs = new PublishingJobStore(inner, outbox);

    @Test
    void eachChangeStoresItsEventsAndPublishesThemRightAfter() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);
        jobs.update(job, job.moveTo(JobStatus.VALIDATING, clock.instant()));

        assertThat(bus.types())
                .containsExactly(
                        LifecycleEvents.CREATED,
                        LifecycleEvents.READY_FOR_UPLOAD,
                        LifecycleEvents.VALIDATING,
                        LifecycleEvents.UPDATED);
        assertThat(inner.events().all()).isEqualTo(bus.published());
        assertThat(inner.events().unpublished(clock.instant().plusSeconds(60), 100))
                .isEmpty();
    }

    @Test
    void aChangeThatLosesItsRaceStoresAndPublishesNoEvent() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);
        jobs.update(job, job.moveTo(JobStatus.VALIDATING, clock.instant()));

        assertThatThrownBy(() -> jobs.update(job, job.moveTo(JobStatus.UPLOAD_TIMEOUT, clock.instant())))
                .isInstanceOf(JobConflictException.class);

        assertThat(bus.types()).doesNotContain(LifecycleEvents.UPLOAD_TIMEOUT);
        assertThat(inner.events().all()).extracting(JobEvent::type).doesNotContain(LifecycleEvents.UPLOAD_TIMEOUT);
    }

    @Test
    void whenTheBusIsDownTheChangeStillCommitsAndTheSweeperPublishesItsEventsLater() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        bus.down(true);
        jobs.create(job);
        assertThat(inner.find("acct_a", job.id())).isPresent();
        assertThat(bus.published()).isEmpty();

        bus.down(false);
        assertThat(outbox.republishStale(clock.instant(), Duration.ofSeconds(30), 100))
                .as("too fresh: the writer may still be publishing")
                .isZero();
        clock.advance(Duration.ofSeconds(31));
        assertThat(outbox.republishStale(clock.instant(), Duration.ofSeconds(30), 100))
                .isEqualTo(2);
        assertThat(bus.types()).containsExactly(LifecycleEvents.CREATED, LifecycleEvents.READY_FOR_UPLOAD);
        assertThat(outbox.republishStale(clock.instant(), Duration.ofSeconds(30), 100))
                .as("published once")
                .isZero();
    }

    @Test
    void aBatchTheBusRefusesHoldsUpNoOtherAndIsPublishedOnceItIsTaken() {
        bus.down(true);
        BatchJob poisoned = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(poisoned);
        for (int i = 1; i <= 5; i++) {
            clock.advance(Duration.ofMillis(1));
            jobs.create(SampleJobs.readyForUpload("acct_a", clock.instant()));
        }
        bus.down(false);
        bus.refuse(event -> event.jobId().equals(poisoned.id()));
        clock.advance(Duration.ofMinutes(1));

        assertThat(outbox.republishStale(clock.instant(), Duration.ofSeconds(30), 100))
                .isEqualTo(2);
        assertThat(bus.published()).extracting(JobEvent::jobId).doesNotContain(poisoned.id());

        bus.refuse(event -> false);
        assertThat(outbox.republishStale(clock.instant(), Duration.ofSeconds(30), 100))
                .isEqualTo(10);
        assertThat(bus.published()).hasSize(12);
    }

    @Test
    void progressEventsAreThrottledPerJobAndCarryTheCounts() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);
        ProgressEvents progress = new ProgressEvents(jobs, clock, Duration.ofSeconds(5));
        ProgressEvents otherWorker = new ProgressEvents(jobs, clock, Duration.ofSeconds(5));

        assertThat(progress.progressed("acct_a", job.id())).isTrue();
        assertThat(progress.progressed("acct_a", job.id())).isFalse();
        assertThat(otherWorker.progressed("acct_a", job.id()))
                .as("the store throttles across workers")
                .isFalse();
        clock.advance(Duration.ofSeconds(5));
        assertThat(otherWorker.progressed("acct_a", job.id())).isTrue();

        assertThat(bus.types())
                .containsExactly(
                        LifecycleEvents.CREATED,
                        LifecycleEvents.READY_FOR_UPLOAD,
                        LifecycleEvents.UPDATED,
                        LifecycleEvents.UPDATED);
    }

    @Test
    void aFinishedJobEmitsNoMoreProgress() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);
        jobs.update(job, job.moveTo(JobStatus.CANCELED, clock.instant()));

        assertThat(new ProgressEvents(jobs, clock, Duration.ofSeconds(5)).progressed("acct_a", job.id()))
                .isFalse();
    }
}
