package dev.batchjobs.local.it;

import dev.batchjobs.aws.DynamoDbChunkStore;
import dev.batchjobs.aws.DynamoDbFailureStore;
import dev.batchjobs.aws.DynamoDbJobStore;
import dev.batchjobs.testing.ChunkStoreRaceContract;
import dev.batchjobs.testing.MutableClock;

/** Checkpoint races against DynamoDB Local: the failure numbering's condition and retry decide, as on DynamoDB. */
class DynamoDbChunkStoreRaceIT extends ChunkStoreRaceContract {
    @Override
    protected void newStores(MutableClock clock) {
        jobs = new DynamoDbJobStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.EVENTS_TABLE, clock);
        chunks = new DynamoDbChunkStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.FAILURES_TABLE);
        failures = new DynamoDbFailureStore(LocalClients.dynamoDb(), LocalClients.FAILURES_TABLE);
    }
}
