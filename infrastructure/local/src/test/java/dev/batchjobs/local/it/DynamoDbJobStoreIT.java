package dev.batchjobs.local.it;

import dev.batchjobs.aws.DynamoDbEventStore;
import dev.batchjobs.aws.DynamoDbJobStore;
import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.events.EventStore;
import dev.batchjobs.testing.JobStoreContract;
import dev.batchjobs.testing.MutableClock;

/** The job store contract, its outbox included, against DynamoDB Local, with the tables created from template.yaml. */
class DynamoDbJobStoreIT extends JobStoreContract {
    @Override
    protected JobStore newStore(MutableClock clock) {
        return new DynamoDbJobStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.EVENTS_TABLE, clock);
    }

    @Override
    protected EventStore eventStore() {
        return new DynamoDbEventStore(LocalClients.dynamoDb(), LocalClients.EVENTS_TABLE);
    }
}
