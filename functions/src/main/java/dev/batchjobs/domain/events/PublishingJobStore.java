package dev.batchjobs.domain.events;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.IdempotencyClaim;
import dev.batchjobs.domain.JobPage;
import dev.batchjobs.domain.JobQuery;
import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.MeteroidPage;
import dev.batchjobs.domain.MeteroidQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link JobStore} that publishes the events a write stored, right after the write commits. The events
 * are written by the inner store in the same atomic write as the change; publishing them is the fast path
 * of the outbox, the sweeper the slow one. A write that fails (a lost race) stored no event and publishes none.
 */
public final class PublishingJobStore implements JobStore {
    private final JobStore inner;
    private final EventOutbox outbox;

    public PublishingJobStore(JobStore inner, EventOutbox outbox) {
        this.inner = inner;
        this.outbox = outbox;
    }

    @Override
    public void create(BatchJob job, List<JobEvent> events) {
        inner.create(job, events);
        outbox.publish(events);
    }

    @Override
    public Optional<IdempotencyClaim> createClaimed(BatchJob job, IdempotencyClaim claim, List<JobEvent> events) {
        Optional<IdempotencyClaim> existing = inner.createClaimed(job, claim, events);
        if (existing.isEmpty()) {
            outbox.publish(events);
        }
        return existing;
    }

    @Override
    public void update(BatchJob current, BatchJob next, List<JobEvent> events) {
        inner.update(current, next, events);
        outbox.publish(events);
    }

    @Override
    public boolean recordProgressEvent(BatchJob seen, JobEvent event, Duration minInterval) {
        boolean written = inner.recordProgressEvent(seen, event, minInterval);
        if (written) {
            outbox.publish(List.of(event));
        }
        return written;
    }

    @Override
    public Optional<BatchJob> find(String accountId, String jobId) {
        return inner.find(accountId, jobId);
    }

    @Override
    public Optional<BatchJob> find(AccountScope scope, String jobId) {
        return inner.find(scope, jobId);
    }

    @Override
    public JobPage list(AccountScope scope, JobQuery query) {
        return inner.list(scope, query);
    }

    @Override
    public MeteroidPage meteroidPage(AccountScope scope, MeteroidQuery query) {
        return inner.meteroidPage(scope, query);
    }

    @Override
    public void recordValidated(String jobId, long validated) {
        inner.recordValidated(jobId, validated);
    }

    @Override
    public void recordTotalRows(String jobId, long totalRows) {
        inner.recordTotalRows(jobId, totalRows);
    }

    @Override
    public void recordInputHeader(String jobId, List<String> header) {
        inner.recordInputHeader(jobId, header);
    }

    @Override
    public List<BatchJob> runningPast(Instant now, int limit) {
        return inner.runningPast(now, limit);
    }

    @Override
    public List<BatchJob> awaitingUploadPast(Instant now, int limit) {
        return inner.awaitingUploadPast(now, limit);
    }
}
