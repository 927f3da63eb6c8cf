package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.nextStartKey;
import static dev.batchjobs.aws.AttributeValues.s;
import static dev.batchjobs.aws.AttributeValues.text;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobListings;
import dev.batchjobs.domain.JobPage;
import dev.batchjobs.domain.JobQuery;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.MeteroidPage;
import dev.batchjobs.domain.MeteroidQuery;
import dev.batchjobs.domain.MeteroidStatus;
import dev.batchjobs.domain.PageCursor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * An account's jobs in one mode, newest first: the API's cursor pages from the {@code by_account} index (scope, creation
 * time), and Meteroid's numbered pages from the Meteroid indexes with their totals from {@link MeteroidCounters}.
 * Claims, counters and chunks carry no {@code account_id} or Meteroid key, so no index sees them.
 */
public final class DynamoDbJobListings implements JobListings {
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_]+");
    private static final int METEROID_READ_BATCH = 1000;
    /** Index entries read per round trip when a status filter may drop most of them. */
    static final int FILTERED_READ_BATCH = 200;
    /** At most this many index entries are read for one page; past it the page is short, with a cursor. */
    static final int MAX_READ_PER_PAGE = 4000;

    private final JobsTable table;
    private final MeteroidCounters counters;

    DynamoDbJobListings(JobsTable table, MeteroidCounters counters) {
        this.table = table;
        this.counters = counters;
    }

    @Override
    public JobPage list(AccountScope scope, JobQuery query) {
        Map<String, AttributeValue> startKey =
                query.cursor().map(c -> startKey(scope, c)).orElse(null);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":account", s(ScopeKeys.of(scope)));
        // The partition is the mode's; the filter also keeps out a live job written before scopes (plain account).
        names.put("#livemode", JobItems.LIVEMODE);
        values.put(":livemode", AttributeValues.bool(scope.livemode()));
        String filter = "#livemode = :livemode";
        if (!query.statuses().isEmpty()) {
            names.put("#status", JobItems.STATUS);
            List<String> placeholders = new ArrayList<>();
            int i = 0;
            for (JobStatus status : query.statuses()) {
                placeholders.add(":s" + i);
                values.put(":s" + i, s(status.wireName()));
                i++;
            }
            filter += " AND #status IN (" + String.join(", ", placeholders) + ")";
        }
        boolean filtered = !query.statuses().isEmpty();
        List<Map<String, AttributeValue>> entries = new ArrayList<>();
        int read = 0;
        // Read one more than the page so that a next cursor is only offered when a next job exists.
        do {
            int wanted = query.limit() + 1 - entries.size();
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(table.name)
                    .indexName(JobItems.INDEX_BY_ACCOUNT)
                    .keyConditionExpression(JobItems.ACCOUNT_ID + " = :account")
                    .expressionAttributeValues(values)
                    .scanIndexForward(false)
                    // A filter drops items after the limit is applied: read in larger steps, or a rare status
                    // costs one round trip per page-size of history.
                    .limit(filtered ? Math.max(wanted, FILTERED_READ_BATCH) : wanted)
                    .exclusiveStartKey(startKey);
            request.filterExpression(filter).expressionAttributeNames(names);
            QueryResponse response = table.dynamoDb.query(request.build());
            entries.addAll(response.items());
            read += response.scannedCount();
            startKey = nextStartKey(response);
        } while (entries.size() <= query.limit() && startKey != null && read < MAX_READ_PER_PAGE);
        if (entries.size() > query.limit()) {
            List<Map<String, AttributeValue>> page = entries.subList(0, query.limit());
            return new JobPage(jobs(page, query), Optional.of(cursorAt(page.get(page.size() - 1))));
        }
        if (startKey != null) {
            // The read bound came first: a short page (maybe empty) whose cursor resumes where the reading stopped,
            // so a page never takes longer than the API's time limit however long the account's history.
            return new JobPage(jobs(entries, query), Optional.of(cursorAt(startKey)));
        }
        return new JobPage(jobs(entries, query), Optional.empty());
    }

    /**
     * The page's jobs, read whole: the index holds only keys, status and mode, so that a job's progress writes
     * never rewrite it. A job whose status changed since the index was read is left out of a filtered page.
     */
    private List<BatchJob> jobs(List<Map<String, AttributeValue>> entries, JobQuery query) {
        List<String> ids =
                entries.stream().map(entry -> text(entry, JobItems.PK)).toList();
        Map<String, BatchJob> jobs = new HashMap<>();
        table.batchGet(ids).forEach(item -> jobs.put(text(item, JobItems.PK), JobItems.toJob(item)));
        return ids.stream()
                .map(jobs::get)
                .filter(Objects::nonNull)
                .filter(job -> query.statuses().isEmpty() || query.statuses().contains(job.status()))
                .toList();
    }

    /** The cursor after the last index entry read, a job the filter dropped or not. */
    private static String cursorAt(Map<String, AttributeValue> indexKey) {
        String listKey = text(indexKey, JobItems.LIST_KEY);
        int hash = listKey.lastIndexOf('#');
        return PageCursor.encodeAfter(
                PageCursor.JOBS, Timestamps.parse(listKey.substring(0, hash)), listKey.substring(hash + 1));
    }

    /** Where the page after a cursor starts in the {@code by_account} index. */
    private static Map<String, AttributeValue> startKey(AccountScope scope, String cursor) {
        PageCursor.TimeAndId after = PageCursor.decodeAfter(PageCursor.JOBS, cursor, JOB_ID);
        return Map.of(
                JobItems.PK,
                s(after.id()),
                JobItems.ACCOUNT_ID,
                s(ScopeKeys.of(scope)),
                JobItems.LIST_KEY,
                s(JobItems.listKey(after.created(), after.id())));
    }

    /** One partition of a Meteroid index: the index, its key attribute and the key's value. */
    private record Partition(String index, String keyName, String key) {}

    /**
     * The page is read from the Meteroid indexes (by type, or by type and status): each partition gives its
     * newest keys up to the end of the page, they are merged newest first, and the page's jobs are fetched
     * whole. The total is the sum of the counters of every (type, status) asked for.
     */
    @Override
    public MeteroidPage meteroidPage(AccountScope scope, MeteroidQuery query) {
        boolean everyStatus = query.statuses().size() == MeteroidStatus.values().length;
        List<Partition> partitions = new ArrayList<>();
        for (String type : query.jobTypes()) {
            if (everyStatus) {
                partitions.add(new Partition(
                        JobItems.INDEX_BY_METEROID_TYPE,
                        JobItems.METEROID_TYPE_KEY,
                        JobItems.meteroidTypeKey(scope, type)));
            } else {
                for (MeteroidStatus status : query.statuses()) {
                    partitions.add(new Partition(
                            JobItems.INDEX_BY_METEROID_STATUS,
                            JobItems.METEROID_STATUS_KEY,
                            JobItems.meteroidStatusKey(scope, type, status)));
                }
            }
        }
        long need = query.offset() + query.perPage();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Partition partition : partitions) {
            keys.addAll(newestKeys(partition, need));
        }
        List<String> ids = keys.stream()
                .sorted(Comparator.comparing((Map<String, AttributeValue> k) -> text(k, JobItems.LIST_KEY))
                        .reversed())
                .skip(query.offset())
                .limit(query.perPage())
                .map(k -> text(k, JobItems.PK))
                .toList();
        Map<String, BatchJob> jobs = new HashMap<>();
        table.batchGet(ids).forEach(item -> jobs.put(text(item, JobItems.PK), JobItems.toJob(item)));
        return new MeteroidPage(
                ids.stream()
                        .map(jobs::get)
                        .filter(Objects::nonNull)
                        .filter(job -> job.livemode() == scope.livemode())
                        .toList(),
                counters.total(scope, query));
    }

    /** Up to {@code need} of the partition's newest index keys. */
    private List<Map<String, AttributeValue>> newestKeys(Partition partition, long need) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> start = startKey;
            int batch = (int) Math.min(need - keys.size(), METEROID_READ_BATCH);
            QueryResponse page = table.dynamoDb.query(b -> b.tableName(table.name)
                    .indexName(partition.index())
                    .keyConditionExpression(partition.keyName() + " = :key")
                    .expressionAttributeValues(Map.of(":key", s(partition.key())))
                    .scanIndexForward(false)
                    .limit(batch)
                    .exclusiveStartKey(start));
            keys.addAll(page.items());
            startKey = nextStartKey(page);
        } while (startKey != null && keys.size() < need);
        return keys;
    }
}
