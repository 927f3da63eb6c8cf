package dev.batchjobs.testing;

import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.events.EventStore;

class InMemoryJobStoreTest extends JobStoreContract {
    private InMemoryJobStore jobs;

    @Override
    protected JobStore newStore(MutableClock clock) {
        jobs = new InMemoryJobStore(clock);
        return jobs;
    }

    @Override
    protected EventStore eventStore() {
        return jobs.events();
    }
}
