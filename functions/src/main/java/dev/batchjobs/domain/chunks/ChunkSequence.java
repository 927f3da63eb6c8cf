package dev.batchjobs.domain.chunks;

import dev.batchjobs.domain.target.PendingRow;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The rows of consecutive chunks of one job, as one run sends them: the first chunk's rows not done yet, then the
 * next chunk's, up to the last one. The next chunk is opened ahead, on a thread of its own (its state read, its byte
 * range requested, its first row decoded), once the current one has {@link #LOOKAHEAD_ROWS} rows or fewer left to hand
 * out, so its rows are ready while the current chunk's last responses are still coming back: no stall at a boundary.
 * Each chunk is announced to the {@link ChunkCheckpoints} before its first row is handed out.
 */
final class ChunkSequence implements Iterator<PendingRow>, AutoCloseable {
    /** How many rows before the end of a chunk the next one is opened. */
    static final int LOOKAHEAD_ROWS = 100;

    private record Opened(ChunkState state, ChunkRows rows) {}

    private final IntFunction<ChunkState> find;
    private final Function<ChunkState, ChunkRows> open;
    private final ChunkCheckpoints checkpoints;
    private final int last;
    private final ExecutorService ahead = Executors.newSingleThreadExecutor(work -> {
        Thread t = new Thread(work, "next-chunk");
        t.setDaemon(true);
        return t;
    });
    private ChunkState state;
    private ChunkRows rows;
    private CompletableFuture<Opened> next;

    /**
     * @param first the chunk to start with (its state as read)
     * @param last the index of the last chunk this run may go on to
     */
    ChunkSequence(
            ChunkState first,
            int last,
            IntFunction<ChunkState> find,
            Function<ChunkState, ChunkRows> open,
            ChunkCheckpoints checkpoints) {
        this.find = find;
        this.open = open;
        this.checkpoints = checkpoints;
        this.last = last;
        this.state = first;
        this.rows = open.apply(first);
        checkpoints.opened(first);
    }

    @Override
    public boolean hasNext() {
        while (!rows.hasNext()) {
            if (state.index() >= last) {
                return false;
            }
            Opened opened = nextChunk();
            state = opened.state();
            rows = opened.rows();
            checkpoints.opened(state);
        }
        return true;
    }

    @Override
    public PendingRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        PendingRow row = rows.next();
        long left = state.range().firstRow() + state.range().rowCount() - 1 - row.rowIndex();
        if (next == null && state.index() < last && left <= LOOKAHEAD_ROWS) {
            int index = state.index() + 1;
            next = CompletableFuture.supplyAsync(() -> openAt(index), ahead);
        }
        return row;
    }

    /** The last chunk opened. */
    ChunkState current() {
        return state;
    }

    private Opened nextChunk() {
        CompletableFuture<Opened> pending = next;
        next = null;
        if (pending == null) {
            return openAt(state.index() + 1);
        }
        try {
            return pending.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private Opened openAt(int index) {
        ChunkState chunk = find.apply(index);
        ChunkRows chunkRows = open.apply(chunk);
        // Reads the range's first record now, off the pacing thread.
        chunkRows.hasNext();
        return new Opened(chunk, chunkRows);
    }

    /** Closes a chunk opened ahead and never reached (the run stopped first). */
    @Override
    public void close() {
        CompletableFuture<Opened> pending = next;
        next = null;
        if (pending != null) {
            pending.thenAccept(opened -> opened.rows().close());
        }
        rows.close();
        ahead.shutdown();
    }
}
