package dev.batchjobs.domain.chunks;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.FailureThreshold;
import dev.batchjobs.domain.Ids;
import dev.batchjobs.domain.RateWindow;
import dev.batchjobs.domain.events.ProgressEvents;
import dev.batchjobs.domain.target.RowResult;
import dev.batchjobs.domain.target.SendRows;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The checkpoints of one worker run, over the chunks it runs one after the other: each checkpoint's rows go to the
 * chunk that holds them (a results part, then the transaction that makes it count), then the failure guard and the
 * progress event. A row that passes the job's failure threshold (as the job's counts at the start of the run and the
 * rows ended since tell it) asks for a checkpoint at once, so the guard stops the job whatever the cadence.
 */
final class ChunkCheckpoints implements SendRows.Checkpointer {
    private final String accountId;
    private final BatchJob job;
    private final ChunkStore chunks;
    private final ResultFiles results;
    private final FailureGuard guard;
    private final ProgressEvents progress;
    private final Clock clock;
    /** The chunks opened so far, by index, as their last checkpoint left them. */
    private final TreeMap<Integer, ChunkState> states = new TreeMap<>();
    /** The same chunks' indexes by their first row. */
    private final TreeMap<Long, Integer> byFirstRow = new TreeMap<>();

    private final Optional<FailureThreshold> threshold;
    private long ended;
    private long failedRows;
    private boolean tripped;

    private RateWindow rate;
    private long succeeded;
    private long failed;

    ChunkCheckpoints(
            String accountId,
            BatchJob job,
            ChunkStore chunks,
            ResultFiles results,
            FailureGuard guard,
            ProgressEvents progress,
            Clock clock) {
        this.accountId = accountId;
        this.job = job;
        this.chunks = chunks;
        this.results = results;
        this.guard = guard;
        this.progress = progress;
        this.clock = clock;
        this.rate = job.counts().recent();
        this.threshold = job.spec().threshold();
        this.ended = job.counts().processed() - job.stage().atLastResume().processed();
        this.failedRows = job.counts().failed() - job.stage().atLastResume().failed();
    }

    /** A chunk the run reads rows of from now on (called before its first row is handed out). */
    synchronized void opened(ChunkState chunk) {
        states.put(chunk.index(), chunk);
        byFirstRow.put(chunk.range().firstRow(), chunk.index());
    }

    /** The chunk as the run's checkpoints left it. */
    synchronized ChunkState state(int index) {
        return states.get(index);
    }

    /** The last chunk the run opened. */
    synchronized ChunkState latest() {
        return states.lastEntry().getValue();
    }

    /** Rows counted once their checkpoint held: succeeded, failed. */
    synchronized long[] settled() {
        return new long[] {succeeded, failed};
    }

    /** Called on the pacing thread for each finished row: true once, for the row that passes the threshold. */
    @Override
    public boolean urgent(RowResult row) {
        if (threshold.isEmpty() || tripped) {
            return false;
        }
        ended++;
        if (!row.succeeded()) {
            failedRows++;
        }
        tripped = threshold.get().trippedBy(ended, failedRows);
        return tripped;
    }

    @Override
    public void checkpoint(List<RowResult> finished, List<Instant> pacerHistory) {
        rate = rate.plus(clock.instant().truncatedTo(ChronoUnit.MILLIS), finished.size());
        Map<Integer, List<RowResult>> byChunk = byChunk(finished);
        if (byChunk.isEmpty()) {
            // Only the pacer's starts, on the chunk the run ended in.
            byChunk.put(latest().index(), List.of());
        }
        int last = byChunk.keySet().stream().reduce((a, b) -> b).orElseThrow();
        for (Map.Entry<Integer, List<RowResult>> rows : byChunk.entrySet()) {
            ChunkState saved =
                    save(state(rows.getKey()), rows.getValue(), rows.getKey() == last ? pacerHistory : List.of(), rate);
            synchronized (this) {
                states.put(saved.index(), saved);
            }
        }
        if (job.spec().threshold().isPresent()) {
            guard.afterCheckpoint(accountId, job.id());
        }
        // Counted once the checkpoint holds: a row whose checkpoint was lost runs again.
        long ok = finished.stream().filter(RowResult::succeeded).count();
        synchronized (this) {
            succeeded += ok;
            failed += finished.size() - ok;
        }
        progress.progressed(accountId, job.id());
    }

    private synchronized Map<Integer, List<RowResult>> byChunk(List<RowResult> finished) {
        Map<Integer, List<RowResult>> byChunk = new LinkedHashMap<>();
        for (RowResult row : finished) {
            Map.Entry<Long, Integer> chunk = byFirstRow.floorEntry(row.rowIndex());
            if (chunk == null) {
                throw new IllegalStateException("Row " + row.rowIndex() + " is in no chunk of this run");
            }
            byChunk.computeIfAbsent(chunk.getValue(), i -> new ArrayList<>()).add(row);
        }
        return new TreeMap<>(byChunk);
    }

    /** The part file first, then the transaction that makes it count: a lost transaction leaves a part nobody reads. */
    private ChunkState save(ChunkState chunk, List<RowResult> finished, List<Instant> history, RateWindow rate) {
        String token = Ids.random(12);
        results.writePart(accountId, chunk, token, finished);
        return chunks.checkpoint(chunk, Checkpoint.of(finished, history, rate, token));
    }
}
