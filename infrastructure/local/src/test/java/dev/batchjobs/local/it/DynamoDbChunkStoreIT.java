package dev.batchjobs.local.it;

import dev.batchjobs.aws.DynamoDbChunkStore;
import dev.batchjobs.aws.DynamoDbFailureStore;
import dev.batchjobs.aws.DynamoDbJobStore;
import dev.batchjobs.testing.ChunkStoreContract;
import dev.batchjobs.testing.MutableClock;

class DynamoDbChunkStoreIT extends ChunkStoreContract {
    @Override
    protected void newStores(MutableClock clock) {
        jobs = new DynamoDbJobStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.EVENTS_TABLE, clock);
        chunks = new DynamoDbChunkStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.FAILURES_TABLE);
        failures = new DynamoDbFailureStore(LocalClients.dynamoDb(), LocalClients.FAILURES_TABLE);
    }
}
