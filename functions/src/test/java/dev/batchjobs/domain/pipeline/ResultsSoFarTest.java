package dev.batchjobs.domain.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobResultsNotReadyException;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.chunks.Checkpoint;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.chunks.RowFailure;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.target.RowResult;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.InMemoryResultStorage;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Results so far: committed parts only, each row once, filtered on request, bounded in time. */
class ResultsSoFarTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
    private final InMemoryResultStorage storage = new InMemoryResultStorage();
    private final ResultFiles files = new ResultFiles(storage);

    private BatchJob running() {
        BatchJob job = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.IN_PROGRESS);
        jobs.create(job);
        List<ChunkState> planned = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            planned.add(
                    ChunkState.planned(job.id(), i, new ChunkRange(i * 100L, i * 100L + 100, i * 4L, 4, 1, Map.of())));
        }
        chunks.plan(job.id(), planned);
        return job;
    }

    /** A checkpoint of one row of the chunk, its part written under {@code token} first, as the worker does. */
    private void finish(BatchJob job, int chunk, long row, int status, String token) {
        ChunkState state = chunks.find(job.id(), chunk).orElseThrow();
        RowResult result = status == 200
                ? new RowResult(row, "r" + row, 200, null)
                : RowResult.error(row, "r" + row, status, "api_error", "x", "failed");
        files.writePart("acct_a", state, token, List.of(result));
        chunks.checkpoint(
                state,
                new Checkpoint(
                        List.of(row),
                        status == 200 ? 1 : 0,
                        status == 200 ? 0 : 1,
                        status == 200 ? List.of() : List.of(new RowFailure(row, "r" + row, "HTTP " + status)),
                        List.of(),
                        token));
    }

    private ResultsSoFar results(Duration budget) {
        return new ResultsSoFar(jobs, chunks, storage, clock, budget);
    }

    private List<String> lines(ResultsSoFar.Snapshot snapshot) {
        return storage.text(snapshot.file().key()).orElseThrow().lines().toList();
    }

    @Test
    void aSnapshotHoldsEveryCommittedRowOnceAndNoPartThatWasNotCommitted() {
        BatchJob job = running();
        finish(job, 0, 0, 200, "a");
        finish(job, 0, 1, 503, "b");
        finish(job, 1, 4, 200, "c");
        // A second worker's part for the same checkpoint that lost the race: written, never committed.
        files.writePart(
                "acct_a", chunks.find(job.id(), 1).orElseThrow(), "lost", List.of(new RowResult(5, "r5", 200, null)));

        ResultsSoFar.Snapshot all =
                results(Duration.ofSeconds(15)).take(job.scope(), job.id(), ResultsSoFar.Filter.ALL);
        ResultsSoFar.Snapshot failed =
                results(Duration.ofSeconds(15)).take(job.scope(), job.id(), ResultsSoFar.Filter.FAILED);

        assertThat(all.rowCount()).isEqualTo(3);
        assertThat(lines(all)).hasSize(3).noneMatch(l -> l.contains("\"r5\""));
        assertThat(all.fromFinalFile()).isFalse();
        assertThat(all.truncated()).isFalse();
        assertThat(lines(failed)).singleElement().asString().contains("\"r1\"").endsWith("\"status\":503}");
    }

    @Test
    void aJobNotYetProcessingHasNoResults() {
        BatchJob job = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.VALIDATING);
        jobs.create(job);

        assertThatThrownBy(() -> results(Duration.ofSeconds(15)).take(job.scope(), job.id(), ResultsSoFar.Filter.ALL))
                .isInstanceOf(JobResultsNotReadyException.class)
                .hasMessageContaining("validating");
    }

    @Test
    void theStatusOfALineIsItsLastTopLevelStatus() {
        assertThat(ResultsSoFar.status("{\"id\":\"a\",\"response\":{\"status\":200},\"status\":429}"))
                .isEqualTo(429);
        assertThat(RetryRows.status("HTTP 503: The sandbox is unavailable")).isEqualTo(503);
        assertThat(RetryRows.status("no status")).isZero();
    }
}
