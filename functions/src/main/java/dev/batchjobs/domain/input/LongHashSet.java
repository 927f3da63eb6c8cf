package dev.batchjobs.domain.input;

/**
 * A set of longs in primitive arrays (open addressing, linear probing), 8 bytes a member at a load under
 * 0.75: 50 million ids take 512 MiB, where a {@code HashSet<String>} would need many gigabytes. The table
 * is cut into segments of 8 MiB, so growing never asks the heap for one huge contiguous array, and each
 * old segment is let go as soon as its members have moved. Zero is kept aside: an empty slot holds zero.
 */
final class LongHashSet {
    private static final int SEGMENT_BITS = 20;
    private static final int SEGMENT_SIZE = 1 << SEGMENT_BITS;
    private static final long SEGMENT_MASK = SEGMENT_SIZE - 1;

    private long[][] segments;
    private long capacity;
    private long size;
    private boolean hasZero;
    /** Where {@link #touch} puts what it read, so that the reads are not optimised away. */
    @SuppressWarnings("unused")
    private long touched;

    LongHashSet() {
        this(1 << 16);
    }

    LongHashSet(long initialCapacity) {
        capacity = Long.highestOneBit(Math.max(16, initialCapacity - 1)) << 1;
        segments = allocate(capacity);
    }

    /** Adds the value; false if it was already there. */
    boolean add(long value) {
        if (value == 0) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if ((size + 1) * 4 > capacity * 3) {
            grow();
        }
        if (!insert(segments, capacity, value)) {
            return false;
        }
        size++;
        return true;
    }

    /**
     * Reads the slot each of {@code values[0..count)} would start probing at, all loads independent of each other, so
     * the memory system fetches them side by side; the adds that follow then find their slots in the cache. Changes
     * nothing.
     */
    void touch(long[] values, int count) {
        long mask = capacity - 1;
        int shift = Long.numberOfLeadingZeros(mask);
        long sum = 0;
        for (int k = 0; k < count; k++) {
            long i = spread(values[k]) >>> shift;
            sum += segments[(int) (i >>> SEGMENT_BITS)][(int) (i & SEGMENT_MASK)];
        }
        touched = sum;
    }

    /**
     * Makes room for {@code members} in all, at once, when that is more than the table holds: the growth it spares
     * (each doubling moves every member) is a fifth of the table's time on a large file. A table at most
     * {@code maxBytes} large, so that a wrong estimate cannot take the heap; past that, adds grow it as before.
     */
    void reserve(long members, long maxBytes) {
        long needed = Long.highestOneBit(Math.max(16, members * 4 / 3 + 1) - 1) << 1;
        if (needed > capacity && needed * Long.BYTES <= maxBytes) {
            growTo(needed);
        }
    }

    long capacity() {
        return capacity;
    }

    long size() {
        return size + (hasZero ? 1 : 0);
    }

    private static boolean insert(long[][] table, long capacity, long value) {
        long mask = capacity - 1;
        // The slot is the hash's top bits: when the table doubles, a member moves from slot i to 2i or 2i + 1, so
        // growing writes the new table front to back instead of all over it.
        long i = spread(value) >>> Long.numberOfLeadingZeros(mask);
        while (true) {
            long[] segment = table[(int) (i >>> SEGMENT_BITS)];
            int slot = (int) (i & SEGMENT_MASK);
            long current = segment[slot];
            if (current == 0) {
                segment[slot] = value;
                return true;
            }
            if (current == value) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        growTo(capacity * 2);
    }

    private void growTo(long newCapacity) {
        long[][] grown = allocate(newCapacity);
        for (int s = 0; s < segments.length; s++) {
            for (long value : segments[s]) {
                if (value != 0) {
                    insert(grown, newCapacity, value);
                }
            }
            segments[s] = null;
        }
        segments = grown;
        capacity = newCapacity;
    }

    private static long[][] allocate(long capacity) {
        if (capacity <= SEGMENT_SIZE) {
            return new long[][] {new long[(int) capacity]};
        }
        long[][] table = new long[(int) (capacity >>> SEGMENT_BITS)][];
        for (int s = 0; s < table.length; s++) {
            table[s] = new long[SEGMENT_SIZE];
        }
        return table;
    }

    /**
     * MurmurHash3's 64-bit finaliser: every bit of the value moves the slot, so even dense runs of values
     * (not just {@link IdHash} outputs) spread over the table instead of forming long probe clusters.
     */
    private static long spread(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
