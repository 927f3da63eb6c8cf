package dev.batchjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.chunks.Checkpoint;
import dev.batchjobs.domain.chunks.ChunkConflictException;
import dev.batchjobs.domain.chunks.ChunkRange;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ChunkStore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ChunkStore} must do; run against the fake and the DynamoDB adapter. */
public abstract class ChunkStoreContract {
    protected JobStore jobs;
    protected ChunkStore chunks;
    private BatchJob job;
    private String account;

    /** A job store and a chunk store over the same data. */
    protected abstract void newStores(MutableClock clock);

    @BeforeEach
    void setUpStores() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        newStores(clock);
        account = "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        job = SampleJobs.readyForUpload(account, clock.instant());
        jobs.create(job);
        chunks.plan(job.id(), List.of(ChunkState.planned(job.id(), 0, new ChunkRange(0, 500, 0, 10)),
                ChunkState.planned(job.id(), 1, new ChunkRange(500, 900, 10, 8))));
    }

    @Test
    void aCheckpointMarksRowsAndMovesTheJobsCountersTogether() {
        ChunkState chunk = chunks.find(job.id(), 1).orElseThrow();
        List<Instant> pacer = List.of(Instant.parse("2026-11-23T10:00:01Z"), Instant.parse("2026-11-23T10:00:02Z"));

        ChunkState next = chunks.checkpoint(chunk, new Checkpoint(List.of(10L, 13L, 17L), 2, 1, pacer));

        ChunkState stored = chunks.find(job.id(), 1).orElseThrow();
        assertThat(stored).isEqualTo(next);
        assertThat(stored.isDone(10)).isTrue();
        assertThat(stored.isDone(11)).isFalse();
        assertThat(stored.isDone(17)).isTrue();
        assertThat(stored.parts()).isEqualTo(1);
        assertThat(stored.succeeded()).isEqualTo(2);
        assertThat(jobs.find(account, job.id()).orElseThrow().counts().succeeded()).isEqualTo(2);
        assertThat(jobs.find(account, job.id()).orElseThrow().counts().failed()).isEqualTo(1);
        assertThat(chunks.pacerHistory(job.id())).isEqualTo(pacer);
    }

    @Test
    void aStaleCheckpointChangesNothingSoNoRowCountsTwice() {
        ChunkState chunk = chunks.find(job.id(), 0).orElseThrow();
        chunks.checkpoint(chunk, new Checkpoint(List.of(0L, 1L), 2, 0, List.of()));

        assertThatThrownBy(() -> chunks.checkpoint(chunk, new Checkpoint(List.of(0L, 1L), 2, 0, List.of())))
                .isInstanceOf(ChunkConflictException.class);
        assertThat(jobs.find(account, job.id()).orElseThrow().counts().succeeded()).isEqualTo(2);
        assertThat(chunks.find(job.id(), 0).orElseThrow().parts()).isEqualTo(1);
    }

    @Test
    void planningAgainKeepsProgress() {
        ChunkState chunk = chunks.find(job.id(), 0).orElseThrow();
        chunks.checkpoint(chunk, new Checkpoint(List.of(3L), 1, 0, List.of()));

        chunks.plan(job.id(), List.of(ChunkState.planned(job.id(), 0, new ChunkRange(0, 500, 0, 10))));

        assertThat(chunks.find(job.id(), 0).orElseThrow().isDone(3)).isTrue();
    }

    @Test
    void aChunkIsFinishedWhenEveryRowIsDone() {
        ChunkState chunk = chunks.find(job.id(), 1).orElseThrow();
        ChunkState half = chunks.checkpoint(chunk, new Checkpoint(List.of(10L, 11L, 12L, 13L), 4, 0, List.of()));
        ChunkState all = chunks.checkpoint(half, new Checkpoint(List.of(14L, 15L, 16L, 17L), 3, 1, List.of()));

        assertThat(half.finished()).isFalse();
        assertThat(all.finished()).isTrue();
        assertThat(chunks.find(job.id(), 1).orElseThrow().finished()).isTrue();
    }

    @Test
    void eachChunkSettlesOnceAndTheLastSettleCompletesTheJob() {
        assertThat(chunks.dispatchedChunks(job.id())).isEmpty();
        chunks.recordDispatch(job.id(), 2, "token-1");
        assertThat(chunks.dispatchedChunks(job.id())).contains(2);

        var first = chunks.settle(job.id(), 0);
        var again = chunks.settle(job.id(), 0);
        var last = chunks.settle(job.id(), 1);

        assertThat(first).hasValueSatisfying(s -> assertThat(s.completesTheJob()).isFalse());
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
    void anUnknownChunkIsEmpty() {
        assertThat(chunks.find(job.id(), 7)).isEmpty();
    }
}
