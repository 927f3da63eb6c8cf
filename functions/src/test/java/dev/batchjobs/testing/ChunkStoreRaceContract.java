package dev.batchjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.BatchJob;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Checkpoints raced for real: a redelivered chunk's two workers checkpointing the same progress at once, and the
 * chunks of one job numbering their failures at once. Nothing counts twice, no failure number is given twice or
 * skipped. Run on the fake and on DynamoDB Local alike, like {@link ChunkStoreContract}.
 */
public abstract class ChunkStoreRaceContract {
    private static final int CHUNKS = 4;
    private static final int ROWS_PER_CHUNK = 10;

    protected JobStore jobs;
    protected ChunkStore chunks;
    protected FailureStore failures;
    private BatchJob job;
    private String account;

    protected abstract void newStores(MutableClock clock);

    @BeforeEach
    void setUpStores() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        newStores(clock);
        account = "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        job = SampleJobs.readyForUpload(account, clock.instant());
        jobs.create(job);
        List<ChunkState> planned = new ArrayList<>();
        for (int i = 0; i < CHUNKS; i++) {
            long first = (long) i * ROWS_PER_CHUNK;
            planned.add(ChunkState.planned(
                    job.id(), i, new ChunkRange(first * 50, (first + ROWS_PER_CHUNK) * 50, first, ROWS_PER_CHUNK, 1)));
        }
        chunks.plan(job.id(), planned);
    }

    @RepeatedTest(3)
    void twoWorkersCheckpointingTheSameProgressOfAChunkCountItOnce() {
        ChunkState chunk = chunks.find(job.id(), 0).orElseThrow();
        Checkpoint progress = new Checkpoint(List.of(0L, 1L, 2L), 2, 1, failed(2), List.of());

        List<Race.Outcome<ChunkState>> outcomes =
                Race.run(() -> chunks.checkpoint(chunk, progress), () -> chunks.checkpoint(chunk, progress));

        assertThat(outcomes).filteredOn(Race.Outcome::won).hasSize(1);
        assertThat(outcomes)
                .filteredOn(outcome -> !outcome.won())
                .allSatisfy(outcome -> assertThat(outcome.thrown()).isInstanceOf(ChunkConflictException.class));
        BatchJob stored = jobs.find(account, job.id()).orElseThrow();
        assertThat(stored.counts().succeeded()).isEqualTo(2);
        assertThat(stored.counts().failed()).isEqualTo(1);
        assertThat(failures.page(job.id(), 0, 100)).hasSize(1);
        assertThat(chunks.find(job.id(), 0).orElseThrow().parts()).isEqualTo(1);
    }

    @RepeatedTest(3)
    void chunksCheckpointingFailuresAtOnceNumberThemWithoutGapOrRepeat() {
        List<Callable<ChunkState>> workers = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < CHUNKS; i++) {
            ChunkState chunk = chunks.find(job.id(), i).orElseThrow();
            long first = (long) i * ROWS_PER_CHUNK;
            List<Long> rows = LongStream.range(first, first + 3).boxed().toList();
            // Chunks fail different numbers of rows, so two that read the same count would claim overlapping,
            // not identical, ranges of ordinals: only the count's condition keeps them apart.
            long[] failedRows = LongStream.range(first, first + 1 + i % 3).toArray();
            total += failedRows.length;
            workers.add(() -> chunks.checkpoint(
                    chunk,
                    new Checkpoint(rows, 3 - failedRows.length, failedRows.length, failed(failedRows), List.of())));
        }

        List<Race.Outcome<ChunkState>> outcomes = Race.run(workers);

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.thrown()).isNull());
        List<FailureRecord> all = failures.page(job.id(), 0, 100);
        assertThat(all)
                .extracting(FailureRecord::ordinal)
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.range(0, total).boxed().toList());
        assertThat(all)
                .extracting(FailureRecord::itemIndex)
                .doesNotHaveDuplicates()
                .hasSize((int) total);
        assertThat(jobs.find(account, job.id()).orElseThrow().counts().failed()).isEqualTo(total);
    }

    private static List<RowFailure> failed(long... rows) {
        return LongStream.of(rows)
                .mapToObj(r -> new RowFailure(r, "row-" + r, "HTTP 500"))
                .toList();
    }
}
