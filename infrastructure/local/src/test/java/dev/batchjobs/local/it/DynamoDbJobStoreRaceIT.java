package dev.batchjobs.local.it;

import dev.batchjobs.aws.DynamoDbEventStore;
import dev.batchjobs.aws.DynamoDbJobStore;
import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.events.EventStore;
import dev.batchjobs.testing.JobStoreRaceContract;
import dev.batchjobs.testing.MutableClock;

/** Races of transitions against DynamoDB Local: its conditional transactions decide, as DynamoDB's would. */
class DynamoDbJobStoreRaceIT extends JobStoreRaceContract {
    @Override
    protected JobStore newStore(MutableClock clock) {
        return new DynamoDbJobStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.EVENTS_TABLE, clock);
    }

    @Override
    protected EventStore eventStore() {
        return new DynamoDbEventStore(LocalClients.dynamoDb(), LocalClients.EVENTS_TABLE);
    }
}
