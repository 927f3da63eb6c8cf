package dev.batchjobs.domain.input;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The ids of one pass over an input, to find a row whose id an earlier row already has. Holds one {@code long}
 * per id ({@link LongHashSet}); a hash seen before is only a candidate, confirmed against the ids themselves by
 * reading the input again up to that row, so a collision never yields a false duplicate.
 */
final class SeenIds {
    private final IdHash.Function idHash;
    private final Supplier<RecordReader> reopen;
    private final Function<InputRecord, String> idOf;
    private final LongHashSet hashes = new LongHashSet();
    private final Map<Long, Map<String, Long>> confirmed = new HashMap<>();

    private static final int BATCH = 64;
    /** The waiting claims' ids, as bytes one after the other: a string is made only for a hash seen before. */
    private byte[] pendingIds = new byte[BATCH * 32];

    private final int[] pendingStarts = new int[BATCH + 1];
    private final long[] pendingRows = new long[BATCH];
    private final long[] pendingLines = new long[BATCH];
    private final long[] pendingHashes = new long[BATCH];
    private int pending;

    /**
     * @param reopen the input again, positioned at its first row
     * @param idOf   the id a record claims, or null when it claims none (a row that is not sent)
     */
    SeenIds(IdHash.Function idHash, Supplier<RecordReader> reopen, Function<InputRecord, String> idOf) {
        this.idHash = idHash;
        this.reopen = reopen;
        this.idOf = idOf;
    }

    /**
     * Sizes the table for {@code rows} ids in all, up front (an estimate: the input's size over the bytes a row has
     * taken so far), so that it does not grow step by step. At most a third of the heap, so that an estimate far off
     * cannot take it; past that, the table grows as ids come, as it does without an estimate.
     */
    void expect(long rows) {
        hashes.reserve(rows, Runtime.getRuntime().maxMemory() / 3);
    }

    /** A row whose id an earlier row, on {@code firstLine}, already claimed. */
    record Duplicate(String id, long rowIndex, long line, long firstLine) {}

    /**
     * Like {@link #claim}, but a batch of rows at a time: the claim is kept until {@value #BATCH} are waiting, and then
     * they are made in their order, their table slots fetched side by side first ({@link LongHashSet#touch}). Returns
     * the first duplicate among the claims just made, which can be a row before this one; {@link #flush()} makes the
     * waiting claims now (before any other verdict on a later row, and at the end).
     */
    Optional<Duplicate> claimInBatch(String id, long rowIndex, long line) {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        return claimInBatch(bytes, 0, bytes.length, rowIndex, line);
    }

    /** {@link #claimInBatch(String, long, long)} of the id held in the UTF-8 bytes {@code [from, from + length)}. */
    Optional<Duplicate> claimInBatch(byte[] id, int from, int length, long rowIndex, long line) {
        int start = pendingStarts[pending];
        if (start + length > pendingIds.length) {
            pendingIds = Arrays.copyOf(pendingIds, Math.max(2 * pendingIds.length, start + length));
        }
        System.arraycopy(id, from, pendingIds, start, length);
        pendingStarts[pending + 1] = start + length;
        pendingRows[pending] = rowIndex;
        pendingLines[pending] = line;
        pendingHashes[pending] = idHash.of(id, from, length);
        pending++;
        return pending == BATCH ? flush() : Optional.empty();
    }

    /** Makes the waiting claims, in their order; the first duplicate among them, if any (the rest are then dropped). */
    Optional<Duplicate> flush() {
        hashes.touch(pendingHashes, pending);
        int count = pending;
        pending = 0;
        for (int k = 0; k < count; k++) {
            if (hashes.add(pendingHashes[k])) {
                continue;
            }
            int start = pendingStarts[k];
            String id = new String(pendingIds, start, pendingStarts[k + 1] - start, StandardCharsets.UTF_8);
            OptionalLong firstLine = confirm(id, pendingRows[k], pendingLines[k], pendingHashes[k]);
            if (firstLine.isPresent()) {
                return Optional.of(new Duplicate(id, pendingRows[k], pendingLines[k], firstLine.getAsLong()));
            }
        }
        return Optional.empty();
    }

    /**
     * Records that row {@code rowIndex}, on {@code line}, claims {@code id}; if an earlier row already claimed it,
     * the line of the first such row (and the id stays that row's).
     */
    OptionalLong claim(String id, long rowIndex, long line) {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        long hash = idHash.of(bytes, 0, bytes.length);
        return hashes.add(hash) ? OptionalLong.empty() : confirm(id, rowIndex, line, hash);
    }

    /** The claim of an id whose hash was seen before: compared with the earlier rows' ids of that hash. */
    private OptionalLong confirm(String id, long rowIndex, long line, long hash) {
        Map<String, Long> known = confirmed.computeIfAbsent(hash, h -> idsWithHash(h, rowIndex));
        Long firstLine = known.get(id);
        if (firstLine != null) {
            return OptionalLong.of(firstLine);
        }
        known.put(id, line);
        return OptionalLong.empty();
    }

    /** Every id claimed before row {@code beforeRow} whose hash is {@code hash}, with the line it is first on. */
    private Map<String, Long> idsWithHash(long hash, long beforeRow) {
        Map<String, Long> ids = new HashMap<>();
        try (RecordReader records = reopen.get()) {
            long row = 0;
            for (InputRecord record = records.nextRow();
                    record != null && row < beforeRow;
                    record = records.nextRow()) {
                row++;
                String id = idOf.apply(record);
                byte[] bytes = id == null ? null : id.getBytes(StandardCharsets.UTF_8);
                if (bytes != null && idHash.of(bytes, 0, bytes.length) == hash) {
                    ids.putIfAbsent(id, record.line());
                }
            }
        }
        return ids;
    }
}
