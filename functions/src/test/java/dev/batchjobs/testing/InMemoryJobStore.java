package dev.batchjobs.testing;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Hashing;
import dev.batchjobs.domain.IdempotencyClaim;
import dev.batchjobs.domain.JobConflictException;
import dev.batchjobs.domain.JobCounts;
import dev.batchjobs.domain.JobPace;
import dev.batchjobs.domain.JobPage;
import dev.batchjobs.domain.JobQuery;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.MeteroidPage;
import dev.batchjobs.domain.MeteroidQuery;
import dev.batchjobs.domain.MeteroidStatus;
import dev.batchjobs.domain.PageCursor;
import dev.batchjobs.domain.RateWindow;
import dev.batchjobs.domain.events.JobEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** {@link JobStore} in memory, for fast tests; {@code JobStoreContract} holds it to the DynamoDB semantics. */
public final class InMemoryJobStore implements JobStore {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Map<String, BatchJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, IdempotencyClaim> claims = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastProgressEvents = new ConcurrentHashMap<>();
    private final Clock clock;
    private final InMemoryEventStore events;

    public InMemoryJobStore(Clock clock) {
        this(clock, new InMemoryEventStore());
    }

    /** @param events where this store writes the events of its changes, as the DynamoDB store writes its events table */
    public InMemoryJobStore(Clock clock, InMemoryEventStore events) {
        this.clock = clock;
        this.events = events;
    }

    public InMemoryEventStore events() {
        return events;
    }

    @Override
    public synchronized void create(BatchJob job, List<JobEvent> created) {
        if (jobs.containsKey(job.id())) {
            throw new IllegalStateException("Duplicate job id " + job.id());
        }
        events.add(created);
        jobs.put(job.id(), job);
        meteroidStatuses.put(job.id(), MeteroidStatus.of(job));
    }

    @Override
    public synchronized Optional<IdempotencyClaim> createClaimed(
            BatchJob job, IdempotencyClaim claim, List<JobEvent> created) {
        // Keyed by scope like the DynamoDB claim: the same key in the other mode is another key.
        String key = claim.scope() + "#" + Hashing.sha256Hex(claim.key());
        IdempotencyClaim existing = claims.get(key);
        // Same rule as the DynamoDB condition: a claim is free once its expiry second has passed.
        if (existing != null
                && existing.expiresAt().getEpochSecond() >= clock.instant().getEpochSecond()) {
            return Optional.of(existing);
        }
        create(job, created);
        claims.put(key, claim);
        return Optional.empty();
    }

    @Override
    public Optional<BatchJob> find(String accountId, String jobId) {
        return Optional.ofNullable(jobs.get(jobId))
                .filter(job -> job.accountId().equals(accountId));
    }

    @Override
    public Optional<BatchJob> find(AccountScope scope, String jobId) {
        return Optional.ofNullable(jobs.get(jobId)).filter(job -> job.scope().equals(scope));
    }

    @Override
    public synchronized JobPage list(AccountScope scope, JobQuery query) {
        String after = query.cursor().map(InMemoryJobStore::decode).orElse(null);
        List<BatchJob> matching = jobs.values().stream()
                .filter(job -> job.scope().equals(scope))
                .sorted(Comparator.comparing(InMemoryJobStore::listKey).reversed())
                .filter(job -> after == null || listKey(job).compareTo(after) < 0)
                .filter(job -> query.statuses().isEmpty() || query.statuses().contains(job.status()))
                .limit(query.limit() + 1L)
                .toList();
        if (matching.size() > query.limit()) {
            List<BatchJob> page = matching.subList(0, query.limit());
            BatchJob last = page.get(page.size() - 1);
            return new JobPage(page, Optional.of(PageCursor.encodeAfter(PageCursor.JOBS, last.created(), last.id())));
        }
        return new JobPage(matching, Optional.empty());
    }

    /** The Meteroid status each job entered at its last change, as the DynamoDB store keeps it on the item. */
    private final Map<String, MeteroidStatus> meteroidStatuses = new ConcurrentHashMap<>();

    @Override
    public synchronized MeteroidPage meteroidPage(AccountScope scope, MeteroidQuery query) {
        List<BatchJob> matching = jobs.values().stream()
                .filter(job -> job.scope().equals(scope) && job.spec().jobType() != null)
                .filter(job -> query.jobTypes().contains(job.spec().jobType()))
                .filter(job -> query.statuses().contains(meteroidStatuses.get(job.id())))
                .sorted(Comparator.comparing(InMemoryJobStore::listKey).reversed())
                .toList();
        return new MeteroidPage(
                matching.stream().skip(query.offset()).limit(query.perPage()).toList(), matching.size());
    }

    @Override
    public synchronized List<BatchJob> runningPast(Instant now, int limit) {
        Instant cutoff = now.truncatedTo(ChronoUnit.MILLIS);
        return jobs.values().stream()
                .filter(job -> job.stage().processingDeadline() != null)
                .filter(job -> job.stage().processingDeadline().isBefore(cutoff))
                .filter(job -> !job.status().isTerminal())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<BatchJob> awaitingUploadPast(Instant now, int limit) {
        // Same precision as the DynamoDB index: stored timestamps are milliseconds.
        Instant cutoff = now.truncatedTo(ChronoUnit.MILLIS);
        return jobs.values().stream()
                .filter(job -> job.status() == JobStatus.READY_FOR_UPLOAD)
                .filter(job -> job.upload().url().expiresAt().isBefore(cutoff))
                .sorted(Comparator.comparing(job -> job.upload().url().expiresAt()))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized void update(BatchJob current, BatchJob next, List<JobEvent> changeEvents) {
        BatchJob stored = jobs.get(current.id());
        if (stored == null) {
            throw new IllegalStateException("Batch job " + current.id() + " disappeared");
        }
        if (stored.status() != current.status()
                || stored.version() != current.version()
                || !stored.accountId().equals(current.accountId())) {
            throw new JobConflictException(stored);
        }
        events.add(changeEvents);
        if (next.status() != current.status()) {
            meteroidStatuses.put(next.id(), MeteroidStatus.of(next));
        }
        // Like the DynamoDB store: a transition sets its own fields, never the worker-owned counters or the recorded
        // header.
        jobs.put(
                next.id(),
                next.withCounts(stored.counts())
                        .withInputHeader(stored.upload().format().header()));
    }

    @Override
    public synchronized boolean recordProgressEvent(BatchJob seen, JobEvent event, Duration minInterval) {
        BatchJob job = jobs.get(event.jobId());
        if (job == null
                || !job.accountId().equals(event.accountId())
                || job.status() != seen.status()
                || job.version() != seen.version()) {
            return false;
        }
        // Millisecond timestamps, as the DynamoDB store keeps them.
        Instant now = event.created().truncatedTo(ChronoUnit.MILLIS);
        Instant last = lastProgressEvents.get(event.jobId());
        if (last != null && last.isAfter(now.minus(minInterval))) {
            return false;
        }
        events.add(List.of(event));
        lastProgressEvents.put(event.jobId(), now);
        return true;
    }

    @Override
    public synchronized void recordValidated(String jobId, long validated) {
        BatchJob job = existing(jobId);
        JobCounts c = job.counts();
        jobs.put(
                jobId,
                job.withCounts(
                        new JobCounts(validated, c.succeeded(), c.failed(), c.totalRows(), c.pace(), c.recent())));
    }

    @Override
    public synchronized void recordTotalRows(String jobId, long totalRows) {
        BatchJob job = existing(jobId);
        JobCounts c = job.counts();
        jobs.put(
                jobId,
                job.withCounts(
                        new JobCounts(c.validated(), c.succeeded(), c.failed(), totalRows, c.pace(), c.recent())));
    }

    @Override
    public synchronized void recordInputHeader(String jobId, List<String> header) {
        jobs.put(jobId, existing(jobId).withInputHeader(header));
    }

    private BatchJob existing(String jobId) {
        BatchJob job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalStateException("No job " + jobId);
        }
        return job;
    }

    /** The account a job belongs to (the chunk store is keyed by job only, like its DynamoDB twin). */
    synchronized String accountOf(String jobId) {
        return existing(jobId).accountId();
    }

    /** What a chunk checkpoint does to the job item: counters move, nothing else changes. */
    synchronized void addCounts(String jobId, long succeeded, long failed, RateWindow recent) {
        BatchJob job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalStateException("No job " + jobId);
        }
        JobCounts counts = job.counts();
        jobs.put(
                jobId,
                job.withCounts(new JobCounts(
                        counts.validated(),
                        counts.succeeded() + succeeded,
                        counts.failed() + failed,
                        counts.totalRows(),
                        counts.pace(),
                        recent)));
    }

    /** What a worker's pace report does to the job item: the rate in force replaced, 429s added. */
    synchronized void recordPace(String jobId, int effectiveRps, long newlyThrottled) {
        BatchJob job = existing(jobId);
        JobCounts counts = job.counts();
        jobs.put(
                jobId,
                job.withCounts(
                        counts.withPace(new JobPace(effectiveRps, counts.pace().throttledCount() + newlyThrottled))));
    }

    private static String listKey(BatchJob job) {
        return FORMAT.format(job.created()) + "#" + job.id();
    }

    /** The list key a cursor starts after, as the DynamoDB store reads it. */
    private static String decode(String cursor) {
        PageCursor.TimeAndId after = PageCursor.decodeAfter(PageCursor.JOBS, cursor, Pattern.compile("[A-Za-z0-9_]+"));
        return FORMAT.format(after.created()) + "#" + after.id();
    }
}
