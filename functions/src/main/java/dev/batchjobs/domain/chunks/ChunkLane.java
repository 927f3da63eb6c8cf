package dev.batchjobs.domain.chunks;

/**
 * Which queue, and so which worker, runs a job's chunks. Chosen once per job, when its chunks are dispatched, and
 * carried by every chunk message after: a FIFO queue orders and deduplicates a job's messages only within itself, so a
 * job never has messages in both. A job steered later to another rate stays on its lane (the small worker then paces
 * it as fast as its share of a CPU allows: BENCHMARKS.md, the small worker's memory).
 */
public enum ChunkLane {
    /** The big worker (ChunkWorkerFunction): a fast job, and any message that names no lane. */
    STANDARD("standard"),
    /**
     * The small worker (SmallChunkWorkerFunction; its size is the template's): a job whose maximum_rps at dispatch was
     * at most the small lane's ceiling.
     */
    SMALL("small");

    private final String wireName;

    ChunkLane(String wireName) {
        this.wireName = wireName;
    }

    /** The name a chunk message carries. */
    public String wireName() {
        return wireName;
    }

    /** The lane a message names; a name this build does not know (or none) is the standard lane. */
    public static ChunkLane fromWireName(String name) {
        return SMALL.wireName.equals(name) ? SMALL : STANDARD;
    }

    /** The small lane for a job at most {@code smallMaxRps} (0: no small lane), the standard one otherwise. */
    public static ChunkLane forRate(int maximumRps, int smallMaxRps) {
        return smallMaxRps > 0 && maximumRps <= smallMaxRps ? SMALL : STANDARD;
    }
}
