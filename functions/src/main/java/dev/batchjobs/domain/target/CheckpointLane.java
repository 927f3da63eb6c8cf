package dev.batchjobs.domain.target;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a run's checkpoints on a thread of their own, so the pacing loop never waits for S3 or DynamoDB: one checkpoint
 * at a time, in the order they were handed over, so each one starts from the chunk state the previous one left. While
 * one is being saved the loop keeps collecting finished rows; they go into the next one. A checkpoint that failed is
 * thrown to the loop at its next hand-over (the rows stay undone, as if the run had thrown at once), and the run never
 * ends with a checkpoint still being written.
 */
final class CheckpointLane implements AutoCloseable {
    private final SendRows.Checkpointer checkpointer;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(work -> {
        Thread t = new Thread(work, "checkpoint");
        t.setDaemon(true);
        return t;
    });
    private final Runnable onSaved;
    private Future<?> saving;

    /** @param onSaved called on the lane's thread after each checkpoint, saved or failed (wakes the loop) */
    CheckpointLane(SendRows.Checkpointer checkpointer, Runnable onSaved) {
        this.checkpointer = checkpointer;
        this.onSaved = onSaved;
    }

    /** Whether a new checkpoint can be handed over now; throws what the previous one threw. */
    boolean free() throws InterruptedException {
        if (saving == null) {
            return true;
        }
        if (!saving.isDone()) {
            return false;
        }
        awaitSaved();
        return true;
    }

    /** Hands a checkpoint over; call only when {@link #free()}. */
    void save(List<RowResult> finished, List<Instant> pacerHistory) {
        saving = thread.submit(() -> {
            try {
                checkpointer.checkpoint(finished, pacerHistory);
            } finally {
                onSaved.run();
            }
        });
    }

    /** Waits for the checkpoint being saved, if any; throws what it threw. */
    void awaitSaved() throws InterruptedException {
        Future<?> pending = saving;
        if (pending == null) {
            return;
        }
        saving = null;
        try {
            pending.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("The checkpoint failed", cause);
        }
    }

    /** Lets a checkpoint still being saved end (a failed run leaves nothing writing behind it), then stops the thread. */
    @Override
    public void close() {
        Future<?> pending = saving;
        boolean interrupted = false;
        while (pending != null && !pending.isDone()) {
            try {
                pending.get();
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                // Already thrown to the loop, or the run is ending on another failure.
                break;
            }
        }
        thread.shutdown();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
