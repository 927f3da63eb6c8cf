package dev.batchjobs.local.it;

import dev.batchjobs.aws.DynamoDbDestinationStore;
import dev.batchjobs.domain.events.DestinationStore;
import dev.batchjobs.testing.DestinationStoreContract;

/** The destination store contract against DynamoDB Local, with the table created from template.yaml. */
class DynamoDbDestinationStoreIT extends DestinationStoreContract {
    @Override
    protected DestinationStore newStore() {
        return new DynamoDbDestinationStore(LocalClients.dynamoDb(), LocalClients.DESTINATIONS_TABLE);
    }
}
