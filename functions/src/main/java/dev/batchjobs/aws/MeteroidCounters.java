package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.n;
import static dev.batchjobs.aws.AttributeValues.num;
import static dev.batchjobs.aws.AttributeValues.s;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.MeteroidQuery;
import dev.batchjobs.domain.MeteroidStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Per-account, per-mode counts of jobs by Meteroid type and status, one counter item each in the jobs table: every
 * write that moves a job between Meteroid statuses moves the counters in the same transaction, so a Meteroid
 * page's total is a few reads by key, never a read of every job. Each counter is split over {@link #SHARDS} items (a
 * job always moves the shard of its id), so that an account's concurrent transitions do not all contend for, and
 * conflict on, one item; a total is the sum of the shards and of the unsharded item older versions wrote.
 */
final class MeteroidCounters {
    static final int SHARDS = 8;

    private final JobsTable table;

    MeteroidCounters(JobsTable table) {
        this.table = table;
    }

    /**
     * The counter updates that keep the totals in step with a job entering {@code to} (and leaving {@code from},
     * if any); none for a job without a Meteroid type or a move within one Meteroid status.
     */
    List<TransactWriteItem> moves(BatchJob job, MeteroidStatus from, MeteroidStatus to) {
        if (job.spec().jobType() == null || from == to) {
            return List.of();
        }
        List<TransactWriteItem> moves = new ArrayList<>();
        if (from != null) {
            moves.add(add(shard(JobItems.counterKey(job.scope(), job.spec().jobType(), from), job.id()), -1));
        }
        moves.add(add(shard(JobItems.counterKey(job.scope(), job.spec().jobType(), to), job.id()), 1));
        return moves;
    }

    private TransactWriteItem add(String key, long delta) {
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table.name)
                        .key(JobItems.key(key))
                        .updateExpression("ADD " + JobItems.COUNT + " :delta SET #type = :counter")
                        .expressionAttributeNames(Map.of("#type", JobItems.TYPE))
                        .expressionAttributeValues(Map.of(":delta", n(delta), ":counter", s(JobItems.TYPE_COUNTER)))
                        .build())
                .build();
    }

    /** The shard of a counter that a job moves: always the same one for the same job. */
    static String shard(String counterKey, String jobId) {
        return counterKey + "#" + Math.floorMod(jobId.hashCode(), SHARDS);
    }

    /** How many of the account's jobs have one of the query's types and statuses; never negative. */
    long total(AccountScope scope, MeteroidQuery query) {
        List<String> keys = new ArrayList<>();
        for (String type : query.jobTypes()) {
            for (MeteroidStatus status : query.statuses()) {
                String counter = JobItems.counterKey(scope, type, status);
                keys.add(counter);
                for (int shard = 0; shard < SHARDS; shard++) {
                    keys.add(counter + "#" + shard);
                }
            }
        }
        return Math.max(
                0,
                table.batchGet(keys).stream()
                        .mapToLong(item -> num(item, JobItems.COUNT))
                        .sum());
    }
}
