package dev.batchjobs.domain.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobCounts;
import dev.batchjobs.domain.JobResultsNotReadyException;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.chunks.Checkpoint;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.target.RowResult;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.InMemoryResultStorage;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Results so far at their edges: the filters' status ranges, the final file, the time budget, a lost part. */
class ResultsSoFarEdgesTest {
    private static final String FINAL =
            "{\"id\":\"r0\",\"status\":200}\n\n{\"id\":\"r1\",\"status\":404}\n" + "{\"id\":\"r2\",\"status\":299}\n";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00.250750Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
    private final InMemoryResultStorage storage = new InMemoryResultStorage();

    @ParameterizedTest
    @CsvSource({"0, false", "199, false", "200, true", "250, true", "299, true", "300, false", "503, false"})
    void succeededIsTwoHundredToTwoNinetyNineAndFailedIsEverythingElse(int status, boolean succeeded) {
        assertThat(ResultsSoFar.Filter.SUCCEEDED.keeps(status)).isEqualTo(succeeded);
        assertThat(ResultsSoFar.Filter.FAILED.keeps(status)).isEqualTo(!succeeded);
        assertThat(ResultsSoFar.Filter.ALL.keeps(status)).isTrue();
    }

    @Test
    void aLineWithoutADigitAfterItsStatusHasStatusZero() {
        assertThat(ResultsSoFar.status("{\"id\":\"a\"}")).isZero();
        assertThat(ResultsSoFar.status("{\"status\":null}")).isZero();
        assertThat(ResultsSoFar.status("{\"status\":201}")).isEqualTo(201);
        assertThat(ResultsSoFar.status("\"status\":7")).isEqualTo(7);
    }

    @Test
    void aSnapshotsKeyNamesTheJobTheTimeAndTheFilter() {
        BatchJob job = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.IN_PROGRESS);
        assertThat(ResultsSoFar.snapshotKey(job, Instant.ofEpochMilli(1234), ResultsSoFar.Filter.SUCCEEDED))
                .matches("outputs/acct_a/" + job.id() + "/snapshots/1234-succeeded-[0-9a-f-]{8}\\.jsonl");
    }

    @ParameterizedTest
    @EnumSource(names = {"READY_FOR_UPLOAD", "VALIDATING", "UPLOAD_TIMEOUT", "VALIDATION_FAILED"})
    void aJobThatNeverProcessedHasNoResults(JobStatus status) {
        BatchJob job = SampleJobs.withStatus("acct_a", clock.instant(), status);
        jobs.create(job);
        assertThatThrownBy(() -> results(Duration.ofSeconds(5)).take(job.scope(), job.id(), ResultsSoFar.Filter.ALL))
                .isInstanceOf(JobResultsNotReadyException.class);
    }

    @Test
    void anEndedJobAnswersItsFinalFileWholeOrFiltered() {
        BatchJob job = ended();
        ResultsSoFar.Snapshot all = results(Duration.ofSeconds(5)).take(job.scope(), job.id(), ResultsSoFar.Filter.ALL);
        assertThat(all.file()).isEqualTo(job.outcome().outputFile());
        assertThat(all.rowCount()).isEqualTo(3);
        assertThat(all.fromFinalFile()).isTrue();
        assertThat(all.truncated()).isFalse();
        assertThat(all.asOf()).isEqualTo(Instant.parse("2026-11-23T10:00:00.250Z"));

        ResultsSoFar.Snapshot ok =
                results(Duration.ofSeconds(5)).take(job.scope(), job.id(), ResultsSoFar.Filter.SUCCEEDED);
        assertThat(ok.file().key()).isNotEqualTo(job.outcome().outputFile().key());
        assertThat(ok.fromFinalFile()).isTrue();
        assertThat(ok.rowCount()).isEqualTo(2);
        String text = storage.text(ok.file().key()).orElseThrow();
        assertThat(text).isEqualTo("{\"id\":\"r0\",\"status\":200}\n{\"id\":\"r2\",\"status\":299}\n");
        assertThat(ok.file().size()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        assertThat(ok.file().contentType()).isEqualTo(ResultFiles.CONTENT_TYPE);
    }

    @Test
    void aRunningJobsSnapshotStopsAtAPartsEndOnceTheBudgetIsSpent() {
        BatchJob job = running();
        ResultsSoFar.Snapshot spent =
                results(Duration.ofMillis(-1)).take(job.scope(), job.id(), ResultsSoFar.Filter.ALL);
        assertThat(spent.truncated()).isTrue();
        assertThat(spent.rowCount()).isZero();
        assertThat(spent.fromFinalFile()).isFalse();
        assertThat(storage.text(spent.file().key())).contains("");

        ResultsSoFar.Snapshot exact = results(Duration.ZERO).take(job.scope(), job.id(), ResultsSoFar.Filter.ALL);
        assertThat(exact.truncated()).isFalse();
        assertThat(exact.rowCount()).isEqualTo(1);
    }

    @Test
    void aFinalFileThatIsMissingFailsTheSnapshot() {
        BatchJob gone = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.COMPLETE)
                .withOutcome(new OutputFile("results/acct_a/none.jsonl", 1, ResultFiles.CONTENT_TYPE), null);
        jobs.create(gone);
        assertThatThrownBy(
                        () -> results(Duration.ofSeconds(5)).take(gone.scope(), gone.id(), ResultsSoFar.Filter.FAILED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("results/acct_a/none.jsonl");
    }

    private BatchJob ended() {
        storage.writePart("results/acct_a/final.jsonl", FINAL.getBytes(StandardCharsets.UTF_8));
        BatchJob job = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.COMPLETE)
                .withOutcome(
                        new OutputFile("results/acct_a/final.jsonl", FINAL.length(), ResultFiles.CONTENT_TYPE), null)
                .withCounts(new JobCounts(0, 2, 1, 3));
        jobs.create(job);
        return job;
    }

    /** A running job with one chunk whose one committed part holds one row. */
    private BatchJob running() {
        BatchJob job = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.IN_PROGRESS);
        jobs.create(job);
        chunks.plan(job.id(), List.of(ChunkState.planned(job.id(), 0, new ChunkRange(0, 100, 0, 4, 1, Map.of()))));
        ChunkState state = chunks.find(job.id(), 0).orElseThrow();
        new ResultFiles(storage).writePart("acct_a", state, "t", List.of(new RowResult(0, "r0", 200, null)));
        chunks.checkpoint(state, new Checkpoint(List.of(0L), 1, 0, List.of(), List.of(), "t"));
        return job;
    }

    private ResultsSoFar results(Duration budget) {
        return new ResultsSoFar(jobs, chunks, storage, clock, budget);
    }
}
