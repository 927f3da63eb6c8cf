package dev.batchjobs.domain.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.ProcessingTimeouts;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.events.EventOutbox;
import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.InMemoryResultStorage;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.RecordingEventPublisher;
import dev.batchjobs.testing.SampleJobs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepJobsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
    private final InMemoryResultStorage storage = new InMemoryResultStorage();
    private final FakeInputStorage inputs = new FakeInputStorage(clock);
    /** What the sweep started, and the begin step each start leads to, as the state machine's first state. */
    private final List<UploadedInput> started = new ArrayList<>();

    private final PipelineStarter pipeline = upload -> {
        started.add(upload);
        new BeginProcessing(jobs, inputs, clock, ProcessingTimeouts.DEFAULT).begin(upload.key(), upload.size(), null);
    };
    private final SweepJobs sweep = new SweepJobs(
            jobs,
            jobs,
            chunks,
            new FinishJob(
                    jobs,
                    chunks,
                    new ResultFiles(storage),
                    new ErrorFiles(new FakeInputStorage(clock), chunks, storage, () -> {}),
                    clock),
            new EventOutbox(jobs.events(), new RecordingEventPublisher()),
            inputs,
            pipeline,
            clock);

    @Test
    void aJobNeverUploadedEndsUploadTimeoutOnceItsUrlHasExpired() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);

        clock.advance(Duration.ofMinutes(5));
        assertThat(sweep.sweep().uploadTimeouts()).isZero();
        clock.advance(Duration.ofMillis(1));
        SweepJobs.SweepReport report = sweep.sweep();

        assertThat(report.uploadTimeouts()).isEqualTo(1);
        BatchJob swept = jobs.find("acct_a", job.id()).orElseThrow();
        assertThat(swept.status()).isEqualTo(JobStatus.UPLOAD_TIMEOUT);
        assertThat(swept.stage().finishedAt()).isEqualTo(clock.instant());
        assertThat(sweep.sweep().uploadTimeouts()).isZero();
    }

    @Test
    void aJobWhoseInputArrivedButWhoseUploadEventWasLostIsStartedNotTimedOut() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);
        inputs.put(job.upload().key(), "{\"id\": \"r1\"}\n".getBytes(StandardCharsets.UTF_8));

        clock.advance(Duration.ofMinutes(6));
        SweepJobs.SweepReport report = sweep.sweep();

        assertThat(report.uploadTimeouts()).isZero();
        assertThat(report.lateUploadsStarted()).isEqualTo(1);
        assertThat(started)
                .containsExactly(
                        new UploadedInput("acct_a", job.id(), job.upload().key(), 13));
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status()).isNotEqualTo(JobStatus.UPLOAD_TIMEOUT);
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status())
                .isIn(JobStatus.VALIDATING, JobStatus.IN_PROGRESS);
        assertThat(sweep.sweep().lateUploadsStarted()).isZero();
    }

    @Test
    void aLateUploadAfterTheSweepChangesNothing() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);
        clock.advance(Duration.ofMinutes(6));
        sweep.sweep();

        BeginResult late = beginProcessing().begin(job.upload().key(), 10, uploaded(job));

        assertThat(late.proceed()).isFalse();
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status()).isEqualTo(JobStatus.UPLOAD_TIMEOUT);
    }

    @Test
    void aJobStillRunningPastItsDeadlineAndTheGraceEndsTimeoutWithItsResults() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);
        beginProcessing().begin(job.upload().key(), 10, uploaded(job));
        clock.advance(Duration.ofHours(24));
        assertThat(sweep.sweep().stuckJobsEnded()).isZero();

        clock.advance(BeginProcessing.BACKSTOP_GRACE.plusSeconds(1));
        SweepJobs.SweepReport report = sweep.sweep();

        assertThat(report.stuckJobsEnded()).isEqualTo(1);
        BatchJob ended = jobs.find("acct_a", job.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(JobStatus.TIMEOUT);
        assertThat(ended.outcome().outputFile()).isNotNull();
        assertThat(sweep.sweep().stuckJobsEnded()).isZero();
    }

    @Test
    void aPausedJobIsLeftAloneUntilItsDeadlineAndThenEndsTimeoutWithItsResults() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(job);
        beginProcessing().begin(job.upload().key(), 10, uploaded(job));
        BatchJob begun = jobs.find("acct_a", job.id()).orElseThrow();
        BatchJob running = begun.status() == JobStatus.IN_PROGRESS ? begun : begun.startProcessing(clock.instant());
        if (running != begun) {
            jobs.update(begun, running);
        }
        jobs.update(running, running.pause("requested", clock.instant()).orElseThrow());
        clock.advance(Duration.ofHours(24));
        assertThat(sweep.sweep().stuckJobsEnded()).isZero();
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status()).isEqualTo(JobStatus.PAUSED);

        clock.advance(BeginProcessing.BACKSTOP_GRACE.plusSeconds(1));

        assertThat(sweep.sweep().stuckJobsEnded()).isEqualTo(1);
        BatchJob ended = jobs.find("acct_a", job.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(JobStatus.TIMEOUT);
        assertThat(ended.outcome().outputFile()).isNotNull();
    }

    @Test
    void jobsThatWereUploadedOrCanceledAreLeftAlone() {
        BatchJob uploaded = SampleJobs.readyForUpload("acct_a", clock.instant());
        BatchJob canceled = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(uploaded);
        jobs.create(canceled);
        jobs.update(uploaded, uploaded.moveTo(JobStatus.VALIDATING, clock.instant()));
        jobs.update(canceled, canceled.moveTo(JobStatus.CANCELED, clock.instant()));
        clock.advance(Duration.ofHours(1));

        assertThat(sweep.sweep().uploadTimeouts()).isZero();
        assertThat(jobs.find("acct_a", uploaded.id()).orElseThrow().status()).isEqualTo(JobStatus.VALIDATING);
        assertThat(jobs.find("acct_a", canceled.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELED);
    }

    @Test
    void aStuckJobThatCannotBeEndedHoldsUpNoOtherJob() {
        BatchJob broken = SampleJobs.readyForUpload("acct_a", clock.instant());
        BatchJob fine = SampleJobs.readyForUpload("acct_a", clock.instant().plusMillis(1));
        jobs.create(broken);
        jobs.create(fine);
        BeginProcessing begin = beginProcessing();
        begin.begin(broken.upload().key(), 10, uploaded(broken));
        begin.begin(fine.upload().key(), 10, uploaded(fine));
        // Its dispatch names a chunk that was never planned: finishing it fails, on every sweep.
        chunks.recordDispatch(broken.id(), 1, "token");
        BatchJob expired = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(expired);
        clock.advance(Duration.ofHours(24).plus(BeginProcessing.BACKSTOP_GRACE).plusSeconds(1));

        SweepJobs.SweepReport report = sweep.sweep();

        assertThat(report.stuckJobsEnded()).isEqualTo(1);
        assertThat(report.uploadTimeouts()).isEqualTo(1);
        assertThat(jobs.find("acct_a", fine.id()).orElseThrow().status()).isEqualTo(JobStatus.TIMEOUT);
        assertThat(jobs.find("acct_a", expired.id()).orElseThrow().status()).isEqualTo(JobStatus.UPLOAD_TIMEOUT);
    }

    private final FakeInputStorage uploads = new FakeInputStorage(clock);

    private BeginProcessing beginProcessing() {
        return new BeginProcessing(jobs, uploads, clock, ProcessingTimeouts.DEFAULT);
    }

    /** A client's upload of ten bytes to the job's key; the ETag its S3 event carries. */
    private String uploaded(BatchJob job) {
        uploads.put(job.upload().key(), "0123456789".getBytes(StandardCharsets.UTF_8));
        return uploads.etag(job.upload().key()).orElseThrow();
    }
}
