package dev.batchjobs.domain.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.chunks.Checkpoint;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.chunks.RowFailure;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.target.RowResult;
import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.InMemoryResultStorage;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FinishJobTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
    private final InMemoryResultStorage storage = new InMemoryResultStorage();
    private final ResultFiles results = new ResultFiles(storage);
    private final FakeInputStorage inputs = new FakeInputStorage(clock);
    private final FinishJob finish =
            new FinishJob(jobs, chunks, results, new ErrorFiles(inputs, chunks, storage, () -> {}), clock);
    private BatchJob job;

    @BeforeEach
    void aRunningJobWithOneChunkHalfDone() {
        job = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.IN_PROGRESS);
        jobs.create(job);
        String input =
                "{\"id\": \"r0\"}\n{\"id\": \"r1\", \"params\": {\"name\": \"x\"}}\n{\"id\": \"r2\"}\n{\"id\": \"r3\"}\n";
        inputs.put(job.upload().key(), input.getBytes(StandardCharsets.UTF_8));
        ChunkState chunk = ChunkState.planned(job.id(), 0, new ChunkRange(0, input.length(), 0, 4, 1));
        chunks.plan(job.id(), List.of(chunk));
        List<RowResult> done =
                List.of(RowResult.error(0, "r0", 200, "t", "c", "ok"), RowResult.error(1, "r1", 404, "t", "c", "no"));
        results.writePart("acct_a", chunk, done);
        chunks.checkpoint(
                chunk, new Checkpoint(List.of(0L, 1L), 1, 1, List.of(new RowFailure(1L, "r1", "HTTP 404")), List.of()));
    }

    @Test
    void aFinishedJobIsCompleteWithItsMergedOutput() {
        BatchJob ended = finish.finish("acct_a", job.id(), 1, FinishJob.Ending.CHUNKS_DONE)
                .orElseThrow();

        assertThat(ended.status()).isEqualTo(JobStatus.COMPLETE);
        assertThat(ended.counts().succeeded()).isEqualTo(1);
        assertThat(ended.counts().failed()).isEqualTo(1);
        assertThat(storage.text(ended.outcome().outputFile().key())
                        .orElseThrow()
                        .lines())
                .hasSize(2);
        assertThat(ended.outcome().outputFile().size()).isPositive();
        assertThat(storage.text(ended.outcome().errorFile().key()).orElseThrow())
                .isEqualTo("{\"id\":\"r1\",\"params\":{\"name\":\"x\"},\"error\":\"HTTP 404\"}\n");
        assertThat(ended.outcome().errorFile().contentType()).isEqualTo("application/jsonlines");
    }

    @Test
    void aJobWithoutFailedRowsHasNoErrorFile() {
        BatchJob other = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.IN_PROGRESS);
        jobs.create(other);
        ChunkState chunk = ChunkState.planned(other.id(), 0, new ChunkRange(0, 10, 0, 1, 1));
        chunks.plan(other.id(), List.of(chunk));
        results.writePart("acct_a", chunk, List.of(RowResult.error(0, "r0", 200, "t", "c", "ok")));
        chunks.checkpoint(chunk, new Checkpoint(List.of(0L), 1, 0, List.of(), List.of()));

        BatchJob ended = finish.finish("acct_a", other.id(), 1, FinishJob.Ending.CHUNKS_DONE)
                .orElseThrow();

        assertThat(ended.outcome().errorFile()).isNull();
    }

    @Test
    void aCancelledJobEndsCanceledWithItsPartialResults() {
        jobs.update(job, job.moveTo(JobStatus.CANCELLING, clock.instant()));

        BatchJob ended = finish.finish("acct_a", job.id(), 1, FinishJob.Ending.CHUNKS_DONE)
                .orElseThrow();

        assertThat(ended.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(storage.text(ended.outcome().outputFile().key())
                        .orElseThrow()
                        .lines())
                .hasSize(2);
    }

    @Test
    void aPassedDeadlineEndsTimeoutAtOnceAndItsPartialResultsComeAfterTheDrain() {
        BatchJob ended = finish.finish("acct_a", job.id(), 1, FinishJob.Ending.DEADLINE_PASSED)
                .orElseThrow();
        // A worker that saw the timeout checkpoints what was in flight.
        ChunkState chunk = chunks.find(job.id(), 0).orElseThrow();
        results.writePart("acct_a", chunk, List.of(RowResult.error(2, "r2", 200, "t", "c", "late")));
        chunks.checkpoint(chunk, new Checkpoint(List.of(2L), 1, 0, List.of(), List.of()));

        BatchJob withResults = finish.finish("acct_a", job.id(), 1, FinishJob.Ending.RESULTS_AFTER_TIMEOUT)
                .orElseThrow();
        BatchJob again = finish.finish("acct_a", job.id(), 1, FinishJob.Ending.RESULTS_AFTER_TIMEOUT)
                .orElseThrow();

        assertThat(ended.status()).isEqualTo(JobStatus.TIMEOUT);
        assertThat(ended.outcome().outputFile()).isNull();
        assertThat(withResults.status()).isEqualTo(JobStatus.TIMEOUT);
        assertThat(storage.text(withResults.outcome().outputFile().key())
                        .orElseThrow()
                        .lines())
                .hasSize(3);
        assertThat(withResults.counts().processed()).isEqualTo(3);
        assertThat(storage.text(withResults.outcome().errorFile().key()).orElseThrow())
                .contains("\"id\":\"r1\"");
        assertThat(again).isEqualTo(withResults);
    }

    @Test
    void finishingTwiceChangesNothing() {
        BatchJob first = finish.finish("acct_a", job.id(), 1, FinishJob.Ending.CHUNKS_DONE)
                .orElseThrow();
        clock.advance(Duration.ofMinutes(1));

        BatchJob second = finish.finish("acct_a", job.id(), 1, FinishJob.Ending.DEADLINE_PASSED)
                .orElseThrow();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void aFailureEndsBatchFailedWithTheReason() {
        BatchJob failed = finish.fail("acct_a", job.id(), "The target rejected every request: 401 Unauthorized")
                .orElseThrow();

        assertThat(failed.status()).isEqualTo(JobStatus.BATCH_FAILED);
        assertThat(failed.outcome().failureReason()).contains("401");
    }
}
