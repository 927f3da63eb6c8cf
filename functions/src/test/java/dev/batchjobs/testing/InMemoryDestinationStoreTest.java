package dev.batchjobs.testing;

import dev.batchjobs.domain.events.DestinationStore;

class InMemoryDestinationStoreTest extends DestinationStoreContract {
    @Override
    protected DestinationStore newStore() {
        return new InMemoryDestinationStore();
    }
}
