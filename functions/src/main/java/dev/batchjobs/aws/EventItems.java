package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.bool;
import static dev.batchjobs.aws.AttributeValues.instant;
import static dev.batchjobs.aws.AttributeValues.n;
import static dev.batchjobs.aws.AttributeValues.num;
import static dev.batchjobs.aws.AttributeValues.optionalInstant;
import static dev.batchjobs.aws.AttributeValues.s;
import static dev.batchjobs.aws.AttributeValues.stringMap;
import static dev.batchjobs.aws.AttributeValues.text;
import static dev.batchjobs.aws.AttributeValues.time;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.Preflight;
import dev.batchjobs.domain.ProgressPlan;
import dev.batchjobs.domain.events.JobEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The items of the events table, keyed by event id, and the names of their attributes; no other class spells them. */
final class EventItems {
    static final String INDEX_BY_ACCOUNT = "by_account";
    static final String INDEX_BY_OBJECT = "by_object";
    static final String INDEX_BY_UNPUBLISHED = "by_unpublished";
    /** Events expire after 30 days (TTL), as Stripe keeps them. */
    static final Duration RETENTION = Duration.ofDays(30);

    static final String PK = "pk";
    static final String ACCOUNT_ID = "account_id";
    static final String LIST_KEY = "list_key";
    static final String OBJECT_KEY = "object_key";
    static final String JOB_ID = "job_id";
    static final String TYPE = "type";
    static final String CREATED = "created";
    static final String LIVEMODE = "livemode";
    static final String METADATA = "metadata";
    static final String STATUS = "status";
    static final String VALIDATED_COUNT = "validated_count";
    static final String SUCCESS_COUNT = "success_count";
    static final String FAILURE_COUNT = "failure_count";
    static final String TOTAL_COUNT = "total_count";
    /** Beyond the reference: a running job's measured rate and estimated completion at the change. */
    static final String PLAN_RATE = "rows_per_second";

    static final String PLAN_COMPLETION = "estimated_completion_at";
    /** Beyond the reference: the validation's estimate, on the events of a validating job and leaving validation. */
    static final String PREFLIGHT_ROWS = "preflight_rows";

    static final String PREFLIGHT_SIZE = "preflight_size";
    static final String PREFLIGHT_SECONDS = "preflight_seconds";
    /** Key of the sparse outbox index: present exactly while the event is not yet on the bus. */
    static final String UNPUBLISHED = "unpublished";

    static final String EXPIRES_AT_EPOCH = "expires_at_epoch";
    /** Beyond the reference: the job a retry runs the failed rows of; only on a retry's events. */
    static final String RETRY_OF = "retry_of";
    /**
     * The value every unpublished event carried before the outbox was sharded; still read, so that events written
     * by an older version are published after an upgrade.
     */
    static final String MARKER = "1";
    /**
     * Shards of the outbox index. One constant key would put every event of the deployment in one index partition
     * (written and deleted once per event, about 1,000 writes a second at most); each shard is a partition of its own.
     */
    static final int OUTBOX_SHARDS = 16;

    private EventItems() {}

    static Map<String, AttributeValue> key(String eventId) {
        return Map.of(PK, s(eventId));
    }

    static String listKey(Instant created, String eventId) {
        return Timestamps.format(created) + "#" + eventId;
    }

    /** The {@code by_object} partition of one job's events, in its account and mode. */
    static String objectKey(AccountScope scope, String objectId) {
        return ScopeKeys.of(scope) + "#" + objectId;
    }

    /** The {@code by_account} partition of an account's events in one mode. */
    static String accountKey(AccountScope scope) {
        return ScopeKeys.of(scope);
    }

    /** Whether an event item is in the scope (an item without {@code livemode} is a test item). */
    static boolean inScope(AccountScope scope, Map<String, AttributeValue> item) {
        return ScopeKeys.matches(scope, text(item, ACCOUNT_ID), livemode(item));
    }

    /** Whether an event item belongs to the account, in either mode. */
    static boolean ofAccount(String accountId, Map<String, AttributeValue> item) {
        return accountId.equals(ScopeKeys.accountOf(text(item, ACCOUNT_ID)));
    }

    private static boolean livemode(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(LIVEMODE);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    /** The item of a new event, unpublished: what the job store puts in the same transaction as the change. */
    static Map<String, AttributeValue> toItem(JobEvent event) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(event.id()));
        item.put(ACCOUNT_ID, s(accountKey(event.scope())));
        item.put(LIST_KEY, s(listKey(event.created(), event.id())));
        item.put(OBJECT_KEY, s(objectKey(event.scope(), event.jobId())));
        item.put(JOB_ID, s(event.jobId()));
        if (event.retryOf() != null) {
            item.put(RETRY_OF, s(event.retryOf()));
        }
        item.put(TYPE, s(event.type()));
        item.put(CREATED, time(event.created()));
        item.put(LIVEMODE, bool(event.livemode()));
        item.put(METADATA, stringMap(event.metadata()));
        item.put(STATUS, s(event.counts().status()));
        item.put(VALIDATED_COUNT, n(event.counts().validatedCount()));
        item.put(SUCCESS_COUNT, n(event.counts().successCount()));
        item.put(FAILURE_COUNT, n(event.counts().failureCount()));
        item.put(TOTAL_COUNT, n(event.counts().totalCount()));
        ProgressPlan plan = event.counts().plan();
        if (plan != null) {
            item.put(PLAN_RATE, s(Double.toString(plan.rowsPerSecond())));
            if (plan.estimatedCompletionAt() != null) {
                item.put(PLAN_COMPLETION, time(plan.estimatedCompletionAt()));
            }
        }
        Preflight preflight = event.counts().preflight();
        if (preflight != null) {
            item.put(PREFLIGHT_ROWS, n(preflight.rowCount()));
            item.put(PREFLIGHT_SIZE, n(preflight.fileSize()));
            item.put(PREFLIGHT_SECONDS, n(preflight.estimatedDurationSeconds()));
        }
        item.put(UNPUBLISHED, s(outboxShard(event.id())));
        item.put(EXPIRES_AT_EPOCH, n(event.created().plus(RETENTION).getEpochSecond()));
        return item;
    }

    /** The outbox shard of an event: a stable hash of its id, so a retried write lands where the first did. */
    static String outboxShard(String eventId) {
        return String.format("%s#%02d", MARKER, Math.floorMod(eventId.hashCode(), OUTBOX_SHARDS));
    }

    /** Every value {@link #UNPUBLISHED} takes: the shards, and the unsharded marker of older versions. */
    static List<String> outboxKeys() {
        List<String> keys = new ArrayList<>();
        keys.add(MARKER);
        for (int shard = 0; shard < OUTBOX_SHARDS; shard++) {
            keys.add(String.format("%s#%02d", MARKER, shard));
        }
        return keys;
    }

    static JobEvent toEvent(Map<String, AttributeValue> item) {
        return new JobEvent(
                text(item, PK),
                ScopeKeys.accountOf(text(item, ACCOUNT_ID)),
                livemode(item),
                text(item, TYPE),
                instant(item, CREATED),
                text(item, JOB_ID),
                item.containsKey(RETRY_OF) ? text(item, RETRY_OF) : null,
                stringMap(item, METADATA),
                new JobEvent.Counts(
                        text(item, STATUS),
                        num(item, VALIDATED_COUNT),
                        num(item, SUCCESS_COUNT),
                        num(item, FAILURE_COUNT),
                        num(item, TOTAL_COUNT),
                        item.containsKey(PLAN_RATE)
                                ? new ProgressPlan(
                                        num(item, TOTAL_COUNT),
                                        Double.parseDouble(text(item, PLAN_RATE)),
                                        optionalInstant(item, PLAN_COMPLETION))
                                : null,
                        item.containsKey(PREFLIGHT_ROWS)
                                ? new Preflight(
                                        num(item, PREFLIGHT_ROWS),
                                        num(item, PREFLIGHT_SIZE),
                                        num(item, PREFLIGHT_SECONDS))
                                : null));
    }
}
