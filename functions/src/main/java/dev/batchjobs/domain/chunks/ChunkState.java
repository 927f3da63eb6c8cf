package dev.batchjobs.domain.chunks;

import dev.batchjobs.domain.input.ChunkRange;
import java.util.BitSet;
import java.util.Objects;

/**
 * A chunk's progress as last checkpointed: which of its rows are done (bit i = row {@code firstRow + i}),
 * how many results parts it has written, its counts, and a version that every checkpoint raises.
 */
public record ChunkState(
        String jobId, int index, ChunkRange range, BitSet done, int parts, long succeeded, long failed, long version) {
    public ChunkState {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(range, "range");
        done = (BitSet) done.clone();
    }

    public static ChunkState planned(String jobId, int index, ChunkRange range) {
        return new ChunkState(jobId, index, range, new BitSet(), 0, 0, 0, 0);
    }

    @Override
    public BitSet done() {
        return (BitSet) done.clone();
    }

    public boolean isDone(long rowIndex) {
        return done.get(Math.toIntExact(rowIndex - range.firstRow()));
    }

    public boolean finished() {
        return done.cardinality() == range.rowCount();
    }

    /** The chunk's public id, Meteroid's {@code bjch_…}. */
    public String id() {
        return id(jobId, index);
    }

    /** A chunk's public id: the job's id and the chunk's index, so it needs no table of its own. */
    public static String id(String jobId, int index) {
        return idPrefix(jobId) + index;
    }

    /** What every chunk id of the job starts with. */
    public static String idPrefix(String jobId) {
        return "bjch_" + jobId.substring(jobId.indexOf('_') + 1) + "_";
    }
}
