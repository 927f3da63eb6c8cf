package dev.batchjobs.testing;

class InMemoryChunkStoreRaceTest extends ChunkStoreRaceContract {
    @Override
    protected void newStores(MutableClock clock) {
        InMemoryJobStore jobStore = new InMemoryJobStore(clock);
        jobs = jobStore;
        InMemoryChunkStore store = new InMemoryChunkStore(jobStore);
        chunks = store;
        failures = store;
    }
}
