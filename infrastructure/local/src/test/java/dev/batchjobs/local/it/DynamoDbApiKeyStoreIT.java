package dev.batchjobs.local.it;

import dev.batchjobs.aws.DynamoDbApiKeyStore;
import dev.batchjobs.domain.ApiKeyStore;
import dev.batchjobs.testing.ApiKeyStoreContract;

class DynamoDbApiKeyStoreIT extends ApiKeyStoreContract {
    @Override
    protected ApiKeyStore newStore() {
        return new DynamoDbApiKeyStore(LocalClients.dynamoDb(), LocalClients.API_KEYS_TABLE);
    }
}
