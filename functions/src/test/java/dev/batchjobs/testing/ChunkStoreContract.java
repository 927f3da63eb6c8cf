package dev.batchjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobPace;
import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.chunks.Checkpoint;
import dev.batchjobs.domain.chunks.ChunkConflictException;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ChunkStore;
import dev.batchjobs.domain.chunks.RowFailure;
import dev.batchjobs.domain.failures.FailureRecord;
import dev.batchjobs.domain.failures.FailureStore;
import dev.batchjobs.domain.input.ChunkRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ChunkStore} must do; run against the fake and the DynamoDB adapter. */
public abstract class ChunkStoreContract {
    protected JobStore jobs;
    protected ChunkStore chunks;
    protected FailureStore failures;
    private BatchJob job;
    private String account;

    /** A job store, a chunk store and a failure store over the same data. */
    protected abstract void newStores(MutableClock clock);

    @BeforeEach
    void setUpStores() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        newStores(clock);
        account = "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        job = SampleJobs.readyForUpload(account, clock.instant());
        jobs.create(job);
        chunks.plan(
                job.id(),
                List.of(
                        ChunkState.planned(job.id(), 0, new ChunkRange(0, 500, 0, 10, 1)),
                        ChunkState.planned(job.id(), 1, new ChunkRange(500, 900, 10, 8, 11))));
    }

    @Test
    void aCheckpointMarksRowsAndMovesTheJobsCountersTogether() {
        ChunkState chunk = chunks.find(job.id(), 1).orElseThrow();
        List<Instant> pacer = List.of(Instant.parse("2026-11-23T10:00:01Z"), Instant.parse("2026-11-23T10:00:02Z"));

        ChunkState next = chunks.checkpoint(
                chunk,
                new Checkpoint(
                        List.of(10L, 13L, 17L),
                        2,
                        1,
                        List.of(new RowFailure(13L, "r13", "HTTP 404: No such customer")),
                        pacer));

        ChunkState stored = chunks.find(job.id(), 1).orElseThrow();
        assertThat(stored).isEqualTo(next);
        assertThat(stored.isDone(10)).isTrue();
        assertThat(stored.isDone(11)).isFalse();
        assertThat(stored.isDone(17)).isTrue();
        assertThat(stored.parts()).isEqualTo(1);
        assertThat(stored.succeeded()).isEqualTo(2);
        assertThat(jobs.find(account, job.id()).orElseThrow().counts().succeeded())
                .isEqualTo(2);
        assertThat(jobs.find(account, job.id()).orElseThrow().counts().failed()).isEqualTo(1);
        assertThat(chunks.pacerHistory(job.id())).isEqualTo(pacer);
    }

    @Test
    void aCheckpointWithoutPacerStartsLeavesTheSavedOnesAlone() {
        List<Instant> pacer = List.of(Instant.parse("2026-11-23T10:00:01Z"));
        ChunkState first = chunks.checkpoint(
                chunks.find(job.id(), 1).orElseThrow(), new Checkpoint(List.of(10L), 1, 0, List.of(), pacer));

        chunks.checkpoint(first, new Checkpoint(List.of(11L), 1, 0, List.of(), List.of()));

        assertThat(chunks.pacerHistory(job.id())).isEqualTo(pacer);
        assertThat(jobs.find(account, job.id()).orElseThrow().counts().succeeded())
                .isEqualTo(2);
    }

    @Test
    void aPaceReportShowsOnTheJobAndAddsUpItsThrottledResponses() {
        assertThat(jobs.find(account, job.id()).orElseThrow().counts().pace()).isEqualTo(JobPace.UNKNOWN);

        chunks.recordPace(job.id(), 30, 2);
        chunks.recordPace(job.id(), 12, 3);
        chunks.checkpoint(
                chunks.find(job.id(), 0).orElseThrow(), new Checkpoint(List.of(0L), 1, 0, List.of(), List.of()));

        BatchJob stored = jobs.find(account, job.id()).orElseThrow();
        assertThat(stored.counts().pace()).isEqualTo(new JobPace(12, 5));
        assertThat(stored.counts().succeeded()).isEqualTo(1);
    }

    @Test
    void aStaleCheckpointChangesNothingSoNoRowCountsTwice() {
        ChunkState chunk = chunks.find(job.id(), 0).orElseThrow();
        chunks.checkpoint(chunk, new Checkpoint(List.of(0L, 1L), 2, 0, List.of(), List.of()));

        assertThatThrownBy(() -> chunks.checkpoint(chunk, new Checkpoint(List.of(0L, 1L), 2, 0, List.of(), List.of())))
                .isInstanceOf(ChunkConflictException.class);
        assertThat(jobs.find(account, job.id()).orElseThrow().counts().succeeded())
                .isEqualTo(2);
        assertThat(chunks.find(job.id(), 0).orElseThrow().parts()).isEqualTo(1);
    }

    @Test
    void eachCommittedPartKeepsTheTokenItWasWrittenUnderAndALosingWriterAddsNone() {
        ChunkState chunk = chunks.find(job.id(), 0).orElseThrow();
        ChunkState first = chunks.checkpoint(chunk, new Checkpoint(List.of(0L), 1, 0, List.of(), List.of(), "tokA"));
        assertThatThrownBy(() ->
                        chunks.checkpoint(chunk, new Checkpoint(List.of(1L), 1, 0, List.of(), List.of(), "loser")))
                .isInstanceOf(ChunkConflictException.class);
        chunks.checkpoint(first, new Checkpoint(List.of(1L), 1, 0, List.of(), List.of(), "tokB"));

        ChunkState stored = chunks.find(job.id(), 0).orElseThrow();
        assertThat(stored.partTokens()).containsExactly("tokA", "tokB");
        assertThat(stored.partSuffix(0)).isEqualTo("-tokA");
        assertThat(stored.partSuffix(1)).isEqualTo("-tokB");
    }

    @Test
    void aChunksDuplicateRowsAreKeptWithItsPlan() {
        chunks.plan(
                job.id(),
                List.of(ChunkState.planned(
                        job.id(), 2, new ChunkRange(900, 1200, 18, 5, 19, Map.of(19L, 3L, 22L, 19L)))));

        assertThat(chunks.find(job.id(), 2).orElseThrow().range().duplicates())
                .containsExactlyInAnyOrderEntriesOf(Map.of(19L, 3L, 22L, 19L));
        assertThat(chunks.find(job.id(), 0).orElseThrow().range().duplicates()).isEmpty();
    }

    @Test
    void planningAgainKeepsProgress() {
        ChunkState chunk = chunks.find(job.id(), 0).orElseThrow();
        chunks.checkpoint(chunk, new Checkpoint(List.of(3L), 1, 0, List.of(), List.of()));

        chunks.plan(job.id(), List.of(ChunkState.planned(job.id(), 0, new ChunkRange(0, 500, 0, 10, 1))));

        assertThat(chunks.find(job.id(), 0).orElseThrow().isDone(3)).isTrue();
    }

    @Test
    void aChunkIsFinishedWhenEveryRowIsDone() {
        ChunkState chunk = chunks.find(job.id(), 1).orElseThrow();
        ChunkState half =
                chunks.checkpoint(chunk, new Checkpoint(List.of(10L, 11L, 12L, 13L), 4, 0, List.of(), List.of()));
        ChunkState all = chunks.checkpoint(
                half,
                new Checkpoint(
                        List.of(14L, 15L, 16L, 17L), 3, 1, List.of(new RowFailure(16L, null, "HTTP 500")), List.of()));

        assertThat(half.finished()).isFalse();
        assertThat(all.finished()).isTrue();
        assertThat(chunks.find(job.id(), 1).orElseThrow().finished()).isTrue();
    }

    @Test
    void eachChunkSettlesOnceAndTheLastSettleCompletesTheJob() {
        assertThat(chunks.dispatchedChunks(job.id())).isEmpty();
        assertThat(chunks.taskToken(job.id())).isEmpty();
        chunks.recordDispatch(job.id(), 2, "token-1");
        assertThat(chunks.dispatchedChunks(job.id())).contains(2);
        assertThat(chunks.taskToken(job.id())).contains("token-1");

        var first = chunks.settle(job.id(), 0);
        var again = chunks.settle(job.id(), 0);
        var last = chunks.settle(job.id(), 1);

        assertThat(first)
                .hasValueSatisfying(s -> assertThat(s.completesTheJob()).isFalse());
        assertThat(again).isEmpty();
        assertThat(last).hasValueSatisfying(s -> {
            assertThat(s.completesTheJob()).isTrue();
            assertThat(s.taskToken()).contains("token-1");
            assertThat(s.settled()).isEqualTo(2);
        });
    }

    @Test
    void withoutADispatchNothingCompletes() {
        assertThat(chunks.settle(job.id(), 0)).hasValueSatisfying(s -> {
            assertThat(s.completesTheJob()).isFalse();
            assertThat(s.taskToken()).isEmpty();
        });
        assertThat(chunks.settle(job.id(), 9)).isEmpty();
    }

    @Test
    void findingAllReadsEveryChunkAsCheckpointedInIndexOrderAndLeavesOutTheUnplanned() {
        ChunkState first = chunks.find(job.id(), 0).orElseThrow();
        ChunkState saved = chunks.checkpoint(first, new Checkpoint(List.of(0L, 1L), 2, 0, List.of(), List.of(), "tok"));
        List<ChunkState> many = new ArrayList<>();
        for (int i = 2; i < 250; i++) {
            many.add(ChunkState.planned(job.id(), i, new ChunkRange(i * 100L, i * 100L + 100, i * 10L, 10, i * 10L)));
        }
        chunks.plan(job.id(), many);

        List<ChunkState> all = chunks.findAll(job.id(), 250);
        assertThat(all)
                .extracting(ChunkState::index)
                .containsExactlyElementsOf(IntStream.range(0, 250).boxed().toList());
        assertThat(all.get(0).parts()).isEqualTo(1);
        assertThat(all.get(0).partSuffix(0)).isEqualTo(saved.partSuffix(0)).isEqualTo("-tok");
        assertThat(all.get(0).done()).isEqualTo(saved.done());
        assertThat(all.get(249).range()).isEqualTo(many.get(247).range());
        assertThat(chunks.findAll(job.id(), 260)).hasSize(250);
        assertThat(chunks.findAll("batchv2_nothing", 3)).isEmpty();
        assertThat(chunks.findAll(job.id(), 0))
                .as("a job ended before it was planned")
                .isEmpty();
    }

    @Test
    void anUnknownChunkIsEmpty() {
        assertThat(chunks.find(job.id(), 7)).isEmpty();
    }

    // ---------------------------------------------------------------- failures, stored with their checkpoint

    private static List<RowFailure> failed(long... rows) {
        return Arrays.stream(rows)
                .mapToObj(r -> new RowFailure(r, "row-" + r, "HTTP 404: no " + r))
                .toList();
    }

    @Test
    void failuresAreNumberedAcrossChunksInTheOrderTheirCheckpointsCommitted() {
        ChunkState first = chunks.find(job.id(), 0).orElseThrow();
        ChunkState second = chunks.find(job.id(), 1).orElseThrow();
        first = chunks.checkpoint(first, new Checkpoint(List.of(0L, 1L, 2L), 1, 2, failed(1, 2), List.of()));
        chunks.checkpoint(second, new Checkpoint(List.of(10L, 11L), 0, 2, failed(10, 11), List.of()));
        chunks.checkpoint(first, new Checkpoint(List.of(3L, 4L), 1, 1, failed(4), List.of()));

        List<FailureRecord> all = failures.page(job.id(), 0, 100);
        assertThat(all).extracting(FailureRecord::itemIndex).containsExactly(1L, 2L, 10L, 11L, 4L);
        assertThat(all).extracting(FailureRecord::ordinal).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(all).extracting(FailureRecord::chunkIndex).containsExactly(0, 0, 1, 1, 0);
        assertThat(all.get(0).itemIdentifier()).isEqualTo("row-1");
        assertThat(all.get(0).reason()).isEqualTo("HTTP 404: no 1");
        assertThat(all)
                .extracting(FailureRecord::id)
                .doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(UUID.fromString(id)).isNotNull());
        assertThat(jobs.find(account, job.id()).orElseThrow().counts().failed()).isEqualTo(5);
    }

    @Test
    void anyOffsetReadsFromThatFailureOnAndTheChunkFilterCountsWithinTheChunk() {
        ChunkState first = chunks.find(job.id(), 0).orElseThrow();
        ChunkState second = chunks.find(job.id(), 1).orElseThrow();
        first = chunks.checkpoint(first, new Checkpoint(List.of(0L, 1L, 2L), 0, 3, failed(0, 1, 2), List.of()));
        chunks.checkpoint(second, new Checkpoint(List.of(10L, 11L), 0, 2, failed(10, 11), List.of()));
        chunks.checkpoint(first, new Checkpoint(List.of(3L, 4L), 0, 2, failed(3, 4), List.of()));

        assertThat(failures.page(job.id(), 2, 3))
                .extracting(FailureRecord::itemIndex)
                .containsExactly(2L, 10L, 11L);
        assertThat(failures.page(job.id(), 6, 3))
                .extracting(FailureRecord::itemIndex)
                .containsExactly(4L);
        assertThat(failures.page(job.id(), 7, 3)).isEmpty();
        assertThat(failures.chunkPage(job.id(), 0, 1, 3))
                .extracting(FailureRecord::itemIndex)
                .containsExactly(1L, 2L, 3L);
        assertThat(failures.chunk(job.id(), 1))
                .extracting(FailureRecord::itemIndex)
                .containsExactly(10L, 11L);
        assertThat(failures.page("batchv2_nosuchjob", 0, 10)).isEmpty();
    }

    @Test
    void aCheckpointThatLosesItsRaceStoresNoFailure() {
        ChunkState chunk = chunks.find(job.id(), 0).orElseThrow();
        chunks.checkpoint(chunk, new Checkpoint(List.of(0L), 0, 1, failed(0), List.of()));

        assertThatThrownBy(() -> chunks.checkpoint(chunk, new Checkpoint(List.of(0L), 0, 1, failed(0), List.of())))
                .isInstanceOf(ChunkConflictException.class);

        assertThat(failures.page(job.id(), 0, 10)).hasSize(1);
        assertThat(jobs.find(account, job.id()).orElseThrow().counts().failed()).isEqualTo(1);
    }
}
