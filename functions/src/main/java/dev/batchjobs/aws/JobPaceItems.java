package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.num;

import dev.batchjobs.domain.JobPace;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The worker-owned pace attributes of a job item ({@link JobItems}): written by {@link DynamoDbChunkStore#recordPace},
 * never by a transition, read with the job. No other class spells these names.
 */
final class JobPaceItems {
    static final String EFFECTIVE_RPS = "effective_rps";
    static final String THROTTLED_COUNT = "throttled_count";

    private JobPaceItems() {}

    /** The job's pace; {@link JobPace#UNKNOWN} until a worker recorded one. */
    static JobPace pace(Map<String, AttributeValue> item) {
        if (!item.containsKey(EFFECTIVE_RPS)) {
            return JobPace.UNKNOWN;
        }
        return new JobPace(
                (int) num(item, EFFECTIVE_RPS), item.containsKey(THROTTLED_COUNT) ? num(item, THROTTLED_COUNT) : 0);
    }
}
