package dev.batchjobs.testing;

import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.events.EventStore;

class InMemoryJobStoreRaceTest extends JobStoreRaceContract {
    private InMemoryJobStore jobStore;

    @Override
    protected JobStore newStore(MutableClock clock) {
        jobStore = new InMemoryJobStore(clock);
        return jobStore;
    }

    @Override
    protected EventStore eventStore() {
        return jobStore.events();
    }
}
