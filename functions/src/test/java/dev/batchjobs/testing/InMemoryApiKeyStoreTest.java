package dev.batchjobs.testing;

import dev.batchjobs.domain.ApiKeyStore;

class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {
    @Override
    protected ApiKeyStore newStore() {
        return new InMemoryApiKeyStore();
    }
}
