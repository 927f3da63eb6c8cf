package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.nextStartKey;
import static dev.batchjobs.aws.AttributeValues.s;
import static dev.batchjobs.aws.AttributeValues.text;
import static dev.batchjobs.aws.AttributeValues.time;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.SweeperQueries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Overdue jobs from two sparse indexes of the jobs table: {@code by_upload_deadline} holds exactly the jobs
 * waiting for their upload, {@code by_processing_deadline} the jobs running (until a transition ends them). Each
 * index entry's item is read again, consistently, and kept only if it still is what the index says.
 */
public final class DynamoDbSweeperQueries implements SweeperQueries {
    private final JobsTable table;

    DynamoDbSweeperQueries(JobsTable table) {
        this.table = table;
    }

    @Override
    public List<BatchJob> runningPast(Instant now, int limit) {
        return due(JobItems.INDEX_BY_PROCESSING_DEADLINE, JobItems.RUNNING, JobItems.PROCESSING_DEADLINE, now, limit)
                .stream()
                .filter(job -> !job.status().isTerminal())
                .toList();
    }

    @Override
    public List<BatchJob> awaitingUploadPast(Instant now, int limit) {
        // The index is eventually consistent: a job that just began may still be listed. The item read decides.
        return due(JobItems.INDEX_BY_UPLOAD_DEADLINE, JobItems.AWAITING_UPLOAD, JobItems.UPLOAD_EXPIRES_AT, now, limit)
                .stream()
                .filter(job -> job.status() == JobStatus.READY_FOR_UPLOAD)
                .toList();
    }

    /** The jobs in a sparse deadline index whose deadline is before {@code now}, read whole. */
    private List<BatchJob> due(String index, String marker, String deadline, Instant now, int limit) {
        List<BatchJob> due = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryResponse page = table.dynamoDb.query(QueryRequest.builder()
                    .tableName(table.name)
                    .indexName(index)
                    .keyConditionExpression(marker + " = :yes AND " + deadline + " < :now")
                    .expressionAttributeValues(Map.of(":yes", s(JobItems.MARKER), ":now", time(now)))
                    .limit(limit - due.size())
                    .exclusiveStartKey(startKey)
                    .build());
            for (Map<String, AttributeValue> key : page.items()) {
                Map<String, AttributeValue> item = table.get(text(key, JobItems.PK));
                if (item != null) {
                    due.add(JobItems.toJob(item));
                }
            }
            startKey = nextStartKey(page);
        } while (startKey != null && due.size() < limit);
        return due;
    }
}
