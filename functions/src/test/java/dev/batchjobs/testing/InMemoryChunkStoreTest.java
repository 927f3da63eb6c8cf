package dev.batchjobs.testing;

class InMemoryChunkStoreTest extends ChunkStoreContract {
    @Override
    protected void newStores(MutableClock clock) {
        InMemoryJobStore jobStore = new InMemoryJobStore(clock);
        jobs = jobStore;
        chunks = new InMemoryChunkStore(jobStore);
    }
}
