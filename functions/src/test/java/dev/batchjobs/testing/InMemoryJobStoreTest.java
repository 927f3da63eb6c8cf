package dev.batchjobs.testing;

import dev.batchjobs.domain.JobStore;

class InMemoryJobStoreTest extends JobStoreContract {
    @Override
    protected JobStore newStore(MutableClock clock) {
        return new InMemoryJobStore(clock);
    }
}
