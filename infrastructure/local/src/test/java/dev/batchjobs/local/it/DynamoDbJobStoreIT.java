package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.aws.DynamoDbEventStore;
import dev.batchjobs.aws.DynamoDbJobStore;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.events.EventStore;
import dev.batchjobs.testing.JobStoreContract;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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

    @Test
    void aJobTheUploadIndexStillListsIsNotDueOnceItsItemHasMovedOn() {
        // A global secondary index is eventually consistent: just after a job left ready_for_upload, the index may
        // still list it. DynamoDB Local updates its indexes at once, so the lag is made by putting the awaiting mark
        // (JobItems' attribute, spelled here only to stage this) back on the item of a job that has begun.
        // Long ago, so that no other test's job comes before it within the limit.
        Instant created = Instant.parse("2000-06-01T00:00:00Z");
        Instant now = created.plus(Duration.ofMinutes(10));
        BatchJob ready = SampleJobs.readyForUpload("acct_stale_index_" + System.nanoTime(), created);
        store.create(ready);
        assertThat(store.awaitingUploadPast(now, 100)).extracting(BatchJob::id).contains(ready.id());
        BatchJob validating = ready.moveTo(JobStatus.VALIDATING, created);
        store.update(ready, validating);
        LocalClients.dynamoDb()
                .updateItem(b -> b.tableName(LocalClients.JOBS_TABLE)
                        .key(Map.of("pk", AttributeValue.fromS(ready.id())))
                        .updateExpression("SET awaiting_upload = :yes")
                        .expressionAttributeValues(Map.of(":yes", AttributeValue.fromS("1"))));

        assertThat(store.awaitingUploadPast(now, 100)).extracting(BatchJob::id).doesNotContain(ready.id());
    }
}
