package dev.batchjobs.domain.chunks;

import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.JobUpload;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.input.RecordReader;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * A chunk's progress as last checkpointed: which of its rows are done (bit i = row {@code firstRow + i}),
 * how many results parts it has written, its counts, a version that every checkpoint raises, and the token of
 * each committed part ({@code partTokens[i]}, empty for a part named by its number alone). The token is what
 * makes a committed part safe from a second worker on the same chunk: that worker's part, written under its own
 * token, is never the one the chunk names.
 */
public record ChunkState(
        String jobId,
        int index,
        ChunkRange range,
        BitSet done,
        int parts,
        long succeeded,
        long failed,
        long version,
        List<String> partTokens) {
    public ChunkState {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(range, "range");
        done = (BitSet) done.clone();
        partTokens = List.copyOf(partTokens);
        if (partTokens.size() > parts) {
            throw new IllegalArgumentException("More part tokens than parts");
        }
    }

    public ChunkState(
            String jobId,
            int index,
            ChunkRange range,
            BitSet done,
            int parts,
            long succeeded,
            long failed,
            long version) {
        this(jobId, index, range, done, parts, succeeded, failed, version, List.of());
    }

    /** What part {@code part}'s name carries after its number: {@code "-TOKEN"}, or nothing. */
    public String partSuffix(int part) {
        return part < partTokens.size() && !partTokens.get(part).isEmpty() ? "-" + partTokens.get(part) : "";
    }

    /** The part tokens once one more part, named by {@code token} (null: by number alone), is committed. */
    public List<String> partTokensWith(String token) {
        List<String> tokens = new ArrayList<>(partTokens);
        while (tokens.size() < parts) {
            tokens.add("");
        }
        tokens.add(token == null ? "" : token);
        return tokens;
    }

    public static ChunkState planned(String jobId, int index, ChunkRange range) {
        return new ChunkState(jobId, index, range, new BitSet(), 0, 0, 0, 0);
    }

    @Override
    public BitSet done() {
        return (BitSet) done.clone();
    }

    /** This chunk's records: its byte range of the job's pinned input, read as the planner read it. */
    public RecordReader records(JobUpload upload, InputStorage inputs) {
        return RecordReader.open(
                upload.format(),
                inputs.read(upload.readKey(), range.startOffset(), range.endOffset()),
                range.firstLine());
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
