package dev.batchjobs.local.it;

import dev.batchjobs.aws.DynamoDbTargetLeaseStore;
import dev.batchjobs.domain.target.TargetLeaseStore;
import dev.batchjobs.testing.TargetLeaseStoreContract;

class DynamoDbTargetLeaseStoreIT extends TargetLeaseStoreContract {
    @Override
    protected TargetLeaseStore newStore() {
        return new DynamoDbTargetLeaseStore(LocalClients.dynamoDb(), LocalClients.TARGET_LEASES_TABLE);
    }
}
