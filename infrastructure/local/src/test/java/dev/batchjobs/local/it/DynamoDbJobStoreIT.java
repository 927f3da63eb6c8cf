package dev.batchjobs.local.it;

import dev.batchjobs.aws.DynamoDbJobStore;
import dev.batchjobs.domain.JobStore;
import dev.batchjobs.testing.JobStoreContract;
import dev.batchjobs.testing.MutableClock;

/** The job store contract against DynamoDB Local, with the table created from template.yaml. */
class DynamoDbJobStoreIT extends JobStoreContract {
    @Override
    protected JobStore newStore(MutableClock clock) {
        return new DynamoDbJobStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.EVENTS_TABLE, clock);
    }
}
