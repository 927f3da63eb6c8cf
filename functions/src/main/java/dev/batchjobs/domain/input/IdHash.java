package dev.batchjobs.domain.input;

/**
 * A 64-bit hash of an id's bytes: FNV-1a with MurmurHash3's finaliser for avalanche. Collisions are
 * possible and harmless: a match is only a candidate, confirmed against the ids themselves.
 */
final class IdHash {
    private IdHash() {}

    /** A hash of the bytes {@code [from, from + length)} of an array; tests pass one that collides. */
    @FunctionalInterface
    interface Function {
        long of(byte[] bytes, int from, int length);
    }

    static long of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    static long of(byte[] bytes, int from, int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < from + length; i++) {
            h ^= bytes[i] & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
