package dev.batchjobs.domain.input;

/**
 * A 64-bit hash of an id's bytes: FNV-1a with MurmurHash3's finaliser for avalanche. Collisions are
 * possible and harmless: a match is only a candidate, confirmed against the ids themselves.
 */
final class IdHash {
    private IdHash() {}

    static long of(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
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
