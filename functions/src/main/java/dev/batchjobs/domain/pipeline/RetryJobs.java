package dev.batchjobs.domain.pipeline;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.IdempotencyClaim;
import dev.batchjobs.domain.IdempotencyKeyReusedException;
import dev.batchjobs.domain.InputFormat;
import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.InvalidMaximumRpsException;
import dev.batchjobs.domain.JobLimits;
import dev.batchjobs.domain.JobLineage;
import dev.batchjobs.domain.JobNotFoundException;
import dev.batchjobs.domain.JobNotRetryableException;
import dev.batchjobs.domain.JobRetries;
import dev.batchjobs.domain.JobSpec;
import dev.batchjobs.domain.JobUpload;
import dev.batchjobs.domain.JobWrites;
import dev.batchjobs.domain.NoFailedRowsException;
import dev.batchjobs.domain.PinnedInput;
import dev.batchjobs.domain.PresignedUrl;
import dev.batchjobs.domain.ProcessingTimeouts;
import dev.batchjobs.domain.RetryCommand;
import dev.batchjobs.domain.chunks.ChunkStore;
import dev.batchjobs.domain.chunks.ResultStorage;
import dev.batchjobs.domain.events.JobEvent;
import dev.batchjobs.domain.events.LifecycleEvents;
import dev.batchjobs.domain.failures.FailureStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Retrying the failed rows of an ended job (beyond the reference): a new job, carrying {@code retry_of}, whose input
 * the service writes from the parent's pinned input ({@link RetryRows}) and which starts at once: it is stored already
 * begun (pinned to that input, {@code validating}, or {@code in_progress} with {@code skip_validation}) with its
 * {@code created} event, then its pipeline is started, whose begin step lets such a job through once. Its rows keep
 * their ids, and the idempotency key the target sees stays the origin's ({@link JobLineage#originOf}). An
 * Idempotency-Key behaves as on create: the same key and request answer the same job, another request is refused.
 */
public final class RetryJobs {
    /** As create's: Stripe keeps idempotency keys for 24 hours. */
    private static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    /** How long gathering a retry's rows may take, well inside the API function's 30 seconds. */
    private static final Duration GATHER_BUDGET = Duration.ofSeconds(20);

    private final JobWrites jobs;
    private final JobRetries retries;
    private final InputStorage inputs;
    private final RetryRows rows;
    private final PipelineStarter pipeline;
    private final Clock clock;
    private final ProcessingTimeouts timeouts;
    private final Duration uploadUrlTtl;
    private final Supplier<String> jobIds;

    public RetryJobs(
            JobWrites jobs,
            JobRetries retries,
            ChunkStore chunks,
            FailureStore failures,
            InputStorage inputs,
            ResultStorage storage,
            PipelineStarter pipeline,
            Clock clock,
            ProcessingTimeouts timeouts,
            Duration uploadUrlTtl,
            Supplier<String> jobIds) {
        this.jobs = jobs;
        this.retries = retries;
        this.inputs = inputs;
        this.rows = new RetryRows(inputs, chunks, failures, storage, clock, GATHER_BUDGET);
        this.pipeline = pipeline;
        this.clock = clock;
        this.timeouts = timeouts;
        this.uploadUrlTtl = uploadUrlTtl;
        this.jobIds = jobIds;
    }

    /** The key of a retry's input: the server's own copy, as a pinned upload's is. */
    static String inputKey(String accountId, String jobId) {
        return "pinned/" + accountId + "/" + jobId + "/retry-input";
    }

    public BatchJob retry(Caller caller, String parentId, RetryCommand command, Optional<String> idempotencyKey) {
        command.maximumRps().ifPresent(rps -> {
            if (rps < JobLimits.MIN_RPS || rps > JobLimits.MAX_RPS) {
                throw new InvalidMaximumRpsException(Integer.toString(rps));
            }
        });
        BatchJob parent = jobs.find(caller.scope(), parentId).orElseThrow(() -> new JobNotFoundException(parentId));
        if (!parent.status().isTerminal()) {
            throw new JobNotRetryableException(parentId, parent.status());
        }
        Instant started = clock.instant();
        RetryRows.Selection selection = rows.select(parent, command.only());
        if (selection.taken() == 0) {
            throw new NoFailedRowsException(parentId, command.only().wireName(), selection.failed());
        }
        if (inputs.etag(parent.upload().readKey()).isEmpty()) {
            throw JobNotRetryableException.inputExpired(parentId);
        }

        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String id = jobIds.get();
        String readKey = inputKey(caller.accountId(), id);
        long size = rows.write(parent, selection, readKey, started);
        String etag = inputs.etag(readKey)
                .orElseThrow(() -> new IllegalStateException("The retry input just written is gone: " + readKey));

        // The retry runs as its parent did (endpoint, rules, processing timeout) but for the pace it may be given.
        JobSpec spec = parent.spec()
                .withLineage(JobLineage.retryOf(parent))
                .withPaceAndMetadata(
                        command.maximumRps().orElse(parent.spec().maximumRps()),
                        parent.spec().metadata());
        InputFormat format = parent.upload().format().isCsv()
                ? InputFormat.csv(parent.upload().format().delimiter())
                : InputFormat.JSONL;
        String uploadKey = "inputs/" + caller.accountId() + "/" + id + "/input";
        // Never shown (the job is never ready_for_upload) and never read: the job runs the pinned copy.
        PresignedUrl unused = inputs.presignUpload(uploadKey, uploadUrlTtl);
        BatchJob created = BatchJob.create(id, caller, spec, new JobUpload(format, null, uploadKey, unused), now);
        Instant begun = now.plusMillis(1);
        BatchJob job = created.begin(
                new PinnedInput(readKey, etag, size),
                begun.plus(spec.processingTimeout(timeouts)).plus(BeginProcessing.BACKSTOP_GRACE),
                begun);
        List<JobEvent> events = new ArrayList<>();
        events.add(LifecycleEvents.forCreate(created).get(0));
        events.addAll(LifecycleEvents.forTransition(created, job));

        if (idempotencyKey.isEmpty()) {
            jobs.create(job, events);
        } else {
            IdempotencyClaim claim = new IdempotencyClaim(
                    caller.scope(),
                    idempotencyKey.get(),
                    command.fingerprint(parentId),
                    id,
                    now.plus(IDEMPOTENCY_WINDOW));
            Optional<IdempotencyClaim> existing = jobs.createClaimed(job, claim, events);
            if (existing.isPresent()) {
                if (!existing.get().fingerprint().equals(claim.fingerprint())) {
                    throw new IdempotencyKeyReusedException(idempotencyKey.get());
                }
                return jobs.find(caller.scope(), existing.get().jobId())
                        .orElseThrow(
                                () -> new JobNotFoundException(existing.get().jobId()));
            }
        }
        retries.recordRetry(parentId, id);
        pipeline.start(new UploadedInput(caller.accountId(), id, uploadKey, size));
        return job;
    }
}
