package dev.batchjobs.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.events.EventOutbox;
import dev.batchjobs.domain.pipeline.ErrorFiles;
import dev.batchjobs.domain.pipeline.FinishJob;
import dev.batchjobs.domain.pipeline.SweepJobs;
import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.InMemoryResultStorage;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.RecordingEventPublisher;
import dev.batchjobs.testing.SampleJobs;
import dev.batchjobs.testing.TestContext;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;

class SweeperHandlerTest {
    @ParameterizedTest
    @Event(value = "../events/sweeper/scheduled-event.json", type = ScheduledEvent.class)
    void theScheduleSweepsExpiredUploads(ScheduledEvent event) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        InMemoryJobStore jobs = new InMemoryJobStore(clock);
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);
        clock.advance(Duration.ofMinutes(10));

        InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
        InMemoryResultStorage results = new InMemoryResultStorage();
        FinishJob finish = new FinishJob(
                jobs,
                chunks,
                new ResultFiles(results),
                new ErrorFiles(new FakeInputStorage(clock), chunks, results, () -> {}),
                clock);

        SweepJobs.SweepReport report = new SweeperHandler(new SweepJobs(
                        jobs,
                        jobs,
                        chunks,
                        finish,
                        new EventOutbox(jobs.events(), new RecordingEventPublisher()),
                        new FakeInputStorage(clock),
                        upload -> {
                            throw new AssertionError("nothing was uploaded");
                        },
                        clock))
                .handleRequest(event, new TestContext());

        assertThat(report.uploadTimeouts()).isEqualTo(1);
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status()).isEqualTo(JobStatus.UPLOAD_TIMEOUT);
    }
}
