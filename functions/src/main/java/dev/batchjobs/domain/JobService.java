package dev.batchjobs.domain;

import dev.batchjobs.domain.events.LifecycleEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The job use cases of the API: create, retrieve, list, update, cancel. Every one is scoped to the caller's account and mode. */
public final class JobService {
    /** Stripe keeps idempotency keys for 24 hours. */
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    private static final int MAX_CONFLICT_RETRIES = 5;

    private final JobWrites store;
    private final JobListings listings;
    private final InputStorage storage;
    private final EndpointRegistry registry;
    private final Duration uploadUrlTtl;
    private final ProcessingTimeouts timeouts;
    private final Clock clock;
    private final Supplier<String> jobIds;

    public JobService(
            JobWrites store,
            JobListings listings,
            InputStorage storage,
            EndpointRegistry registry,
            Duration uploadUrlTtl,
            ProcessingTimeouts timeouts,
            Clock clock,
            Supplier<String> jobIds) {
        this.store = store;
        this.listings = listings;
        this.storage = storage;
        this.registry = registry;
        this.uploadUrlTtl = uploadUrlTtl;
        this.timeouts = timeouts;
        this.clock = clock;
        this.jobIds = jobIds;
    }

    public BatchJob create(Caller caller, CreateJobCommand command, Optional<String> idempotencyKey) {
        Endpoint endpoint = registry.find(command.endpoint())
                .orElseThrow(() -> new UnsupportedEndpointException(command.endpoint(), registry.endpoints()));
        if (command.maximumRps() < JobLimits.MIN_RPS || command.maximumRps() > JobLimits.MAX_RPS) {
            throw new InvalidMaximumRpsException(Integer.toString(command.maximumRps()));
        }
        MetadataRules.check(command.metadata());
        Duration timeout = timeouts.resolve(command.requestedTimeout());
        idempotencyKey.ifPresent(JobService::checkIdempotencyKey);

        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String id = jobIds.get();
        String inputKey = "inputs/" + caller.accountId() + "/" + id + "/input";
        BatchJob job = BatchJob.create(
                id,
                caller,
                new JobSpec(
                        endpoint.ref(),
                        command.maximumRps(),
                        command.metadata(),
                        command.skipValidation(),
                        command.notificationScope(),
                        endpoint.jobType(),
                        command.failureThreshold(),
                        JobLineage.NONE,
                        timeout),
                new JobUpload(command.input(), command.inputFileName(), inputKey, uploadUrl(inputKey)),
                now);

        if (idempotencyKey.isEmpty()) {
            store.create(job);
            return job;
        }
        IdempotencyClaim claim = new IdempotencyClaim(
                caller.scope(), idempotencyKey.get(), command.fingerprint(), id, now.plus(IDEMPOTENCY_WINDOW));
        Optional<IdempotencyClaim> existing = store.createClaimed(job, claim);
        if (existing.isEmpty()) {
            return job;
        }
        if (!existing.get().fingerprint().equals(claim.fingerprint())) {
            throw new IdempotencyKeyReusedException(idempotencyKey.get());
        }
        return retrieve(caller, existing.get().jobId());
    }

    /**
     * Presigned now. A SigV4 signature's date is in whole seconds, so the URL really stops working at the
     * signing second plus the TTL: that, not the signer's millisecond estimate, is the {@code expires_at}
     * the client sees and the upload-timeout sweep uses.
     */
    private PresignedUrl uploadUrl(String inputKey) {
        PresignedUrl url = storage.presignUpload(inputKey, uploadUrlTtl);
        return new PresignedUrl(url.url(), url.expiresAt().truncatedTo(ChronoUnit.SECONDS));
    }

    public BatchJob retrieve(Caller caller, String jobId) {
        return store.find(caller.scope(), jobId).orElseThrow(() -> new JobNotFoundException(jobId));
    }

    public MeteroidPage meteroidPage(Caller caller, MeteroidQuery query) {
        return listings.meteroidPage(caller.scope(), query);
    }

    public JobPage list(Caller caller, JobQuery query) {
        return listings.list(caller.scope(), query);
    }

    /**
     * Cancels a job: one not yet uploaded ends {@code canceled} at once; a running one moves to
     * {@code cancelling} and its worker finishes the move. Canceling twice answers with the job.
     */
    public BatchJob cancel(Caller caller, String jobId) {
        BatchJob job = retrieve(caller, jobId);
        for (int attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
            Optional<BatchJob> next = job.cancel(clock.instant().truncatedTo(ChronoUnit.MILLIS));
            if (next.isEmpty()) {
                return job;
            }
            try {
                store.update(job, next.get());
                return next.get();
            } catch (JobConflictException conflict) {
                job = conflict.current();
            }
        }
        throw new IllegalStateException("Batch job " + jobId + " kept changing while being canceled");
    }

    /**
     * Changes the rate or metadata of a job that has not ended, with a {@code v2.core.batch_job.updated} event; a
     * running worker applies a new rate within about a second. A change that changes nothing answers the job as it is.
     */
    public BatchJob update(Caller caller, String jobId, UpdateJobCommand command) {
        command.maximumRps().ifPresent(rps -> {
            if (rps < JobLimits.MIN_RPS || rps > JobLimits.MAX_RPS) {
                throw new InvalidMaximumRpsException(Integer.toString(rps));
            }
        });
        BatchJob job = retrieve(caller, jobId);
        for (int attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
            JobSpec spec = command.applyTo(job.spec());
            MetadataRules.check(spec.metadata());
            BatchJob next = job.respecify(spec);
            if (spec.equals(job.spec())) {
                return job;
            }
            try {
                store.update(
                        job,
                        next,
                        List.of(LifecycleEvents.progress(next, clock.instant().truncatedTo(ChronoUnit.MILLIS))));
                return next;
            } catch (JobConflictException conflict) {
                job = conflict.current();
            }
        }
        throw new IllegalStateException("Batch job " + jobId + " kept changing while being updated");
    }

    private static void checkIdempotencyKey(String key) {
        if (key.isBlank() || key.length() > JobLimits.MAX_IDEMPOTENCY_KEY_LENGTH) {
            throw new InvalidParameterException(
                    InvalidParameterException.INVALID,
                    "Idempotency-Key",
                    "Invalid Idempotency-Key header: expected 1 to " + JobLimits.MAX_IDEMPOTENCY_KEY_LENGTH
                            + " characters, received " + key.length() + ".");
        }
    }
}
