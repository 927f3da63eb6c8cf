package dev.batchjobs.testing;

import dev.batchjobs.domain.target.TargetLeaseStore;

class InMemoryTargetLeaseStoreTest extends TargetLeaseStoreContract {
    @Override
    protected TargetLeaseStore newStore() {
        return new InMemoryTargetLeaseStore();
    }
}
