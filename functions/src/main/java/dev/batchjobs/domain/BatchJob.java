package dev.batchjobs.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch job as stored, in named parts: who owns it, what it runs ({@link JobSpec}), its input file
 * ({@link JobUpload}), where it stands ({@link JobStage}), its progress ({@link JobCounts}) and what it left
 * behind ({@link JobOutcome}). Immutable: the lifecycle's verbs ({@link #begin}, {@link #cancel},
 * {@link #finish}, {@link #fail}, ...) each make the next value through the one guarded transition,
 * {@link #moveTo}, which enforces {@link JobStatus}'s table and raises the version.
 *
 * @param createdBy the UUID of the key owner who created it (Meteroid's {@code created_by})
 */
public record BatchJob(
        String id,
        String accountId,
        boolean livemode,
        Instant created,
        String createdBy,
        JobSpec spec,
        JobUpload upload,
        JobStage stage,
        JobCounts counts,
        JobOutcome outcome) {

    public BatchJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** A new job, {@code ready_for_upload} at version 1, with nothing counted and nothing left behind yet. */
    public static BatchJob create(String id, Caller caller, JobSpec spec, JobUpload upload, Instant now) {
        return new BatchJob(
                id,
                caller.accountId(),
                caller.livemode(),
                now,
                caller.ownerId(),
                spec,
                upload,
                JobStage.created(now),
                JobCounts.ZERO,
                JobOutcome.NONE);
    }

    /** The account and mode the job belongs to. */
    public AccountScope scope() {
        return new AccountScope(accountId, livemode);
    }

    public JobStatus status() {
        return stage.status();
    }

    public long version() {
        return stage.version();
    }

    /** The same job in status {@code next}; throws {@link IllegalTransitionException} if not allowed. */
    public BatchJob moveTo(JobStatus next, Instant now) {
        return new BatchJob(
                id, accountId, livemode, created, createdBy, spec, upload, stage.moveTo(next, now), counts, outcome);
    }

    /**
     * The file has arrived: {@code validating}, or straight to {@code in_progress} with {@code skip_validation}; from
     * now on the job runs {@code copy} and must end by {@code deadline}. One value, so one conditional write.
     */
    public BatchJob begin(PinnedInput copy, Instant deadline, Instant now) {
        BatchJob begun = moveTo(spec.skipValidation() ? JobStatus.IN_PROGRESS : JobStatus.VALIDATING, now);
        return new BatchJob(
                id,
                accountId,
                livemode,
                created,
                createdBy,
                spec,
                upload.pinnedTo(copy),
                begun.stage.withProcessingDeadline(deadline),
                counts,
                outcome);
    }

    /** The file is valid and planned: its rows are sent from now on. */
    public BatchJob startProcessing(Instant now) {
        return moveTo(JobStatus.IN_PROGRESS, now);
    }

    /** The file broke a rule: {@code validation_failed}, with the reason and the (empty) results file. */
    public BatchJob failValidation(OutputFile output, String reason, Instant now) {
        return moveTo(JobStatus.VALIDATION_FAILED, now).withOutcome(output, reason);
    }

    /**
     * Asks the job to stop: one not yet uploaded ends {@code canceled} at once, a running one moves to
     * {@code cancelling} and its workers finish the move. Empty when it is already canceled or cancelling;
     * throws {@link JobNotCancelableException} when it has ended otherwise.
     */
    public Optional<BatchJob> cancel(Instant now) {
        return switch (status()) {
            case CANCELED, CANCELLING -> Optional.empty();
            case READY_FOR_UPLOAD -> Optional.of(moveTo(JobStatus.CANCELED, now));
            case VALIDATING, IN_PROGRESS -> Optional.of(moveTo(JobStatus.CANCELLING, now));
            case PAUSED -> Optional.of(moveTo(JobStatus.CANCELLING, now).withOutcome(outcome.outputFile(), null));
            case COMPLETE, VALIDATION_FAILED, BATCH_FAILED, UPLOAD_TIMEOUT, TIMEOUT ->
                throw new JobNotCancelableException(id, status());
        };
    }

    /**
     * Stops sending rows until {@link #resume}: the workers let their requests in flight finish and checkpoint.
     * Empty when it is already paused; throws {@link JobNotPausableException} unless it is {@code in_progress}.
     *
     * @param reason why, shown in {@code status_details.paused.reason} ({@code requested}, {@code failure_threshold})
     */
    public Optional<BatchJob> pause(String reason, Instant now) {
        return switch (status()) {
            case PAUSED -> Optional.empty();
            case IN_PROGRESS -> Optional.of(moveTo(JobStatus.PAUSED, now).withOutcome(outcome.outputFile(), reason));
            default -> throw new JobNotPausableException(id, status());
        };
    }

    /** Sends rows again from where the pause stopped; throws {@link JobNotResumableException} unless it is paused. */
    public BatchJob resume(Instant now) {
        if (status() != JobStatus.PAUSED) {
            throw new JobNotResumableException(id, status());
        }
        BatchJob resumed = moveTo(JobStatus.IN_PROGRESS, now).withOutcome(outcome.outputFile(), null);
        return new BatchJob(
                id,
                accountId,
                livemode,
                created,
                createdBy,
                spec,
                upload,
                resumed.stage.resumedAt(new JobCounts(0, counts.succeeded(), counts.failed(), -1)),
                counts,
                resumed.outcome);
    }

    /**
     * Whether the job's failure threshold is passed by the rows ended since it last resumed; the counts are the
     * job's as just read.
     */
    public boolean failureThresholdPassed() {
        long failed = counts.failed() - stage.atLastResume().failed();
        long ended = counts.processed() - stage.atLastResume().processed();
        return spec.threshold().map(t -> t.trippedBy(ended, failed)).orElse(false);
    }

    /**
     * What a passed failure threshold does to a job in progress: pauses it (reason {@code failure_threshold}) or ends
     * it {@code batch_failed} saying why. Empty when the job has no threshold, it is not passed, or the job is not in
     * progress.
     */
    public Optional<BatchJob> stopForFailures(Instant now) {
        if (status() != JobStatus.IN_PROGRESS || !failureThresholdPassed()) {
            return Optional.empty();
        }
        FailureThreshold threshold = spec.threshold().orElseThrow();
        if (threshold.action() == FailureThreshold.Action.PAUSE) {
            return pause(FailureThreshold.PAUSE_REASON, now);
        }
        long failed = counts.failed() - stage.atLastResume().failed();
        long ended = counts.processed() - stage.atLastResume().processed();
        return Optional.of(fail(threshold.failureReason(ended, failed), now));
    }

    /** Why the job is paused ({@code requested}, {@code failure_threshold}), or empty when it is not paused. */
    public Optional<String> pauseReason() {
        return status() == JobStatus.PAUSED ? Optional.ofNullable(outcome.failureReason()) : Optional.empty();
    }

    /**
     * Every chunk is done, or the processing deadline passed: {@code timeout} if it passed, else
     * {@code canceled} for a job being cancelled and {@code complete} for the rest.
     */
    public BatchJob finish(boolean deadlinePassed, Instant now) {
        JobStatus ending = deadlinePassed
                ? JobStatus.TIMEOUT
                : status() == JobStatus.CANCELLING ? JobStatus.CANCELED : JobStatus.COMPLETE;
        BatchJob ended = moveTo(ending, now);
        // A paused job's reason is not a failure's: it does not outlive the pause.
        return status() == JobStatus.PAUSED ? ended.withOutcome(outcome.outputFile(), null) : ended;
    }

    /** Ends the job {@code batch_failed} with a reason people can act on, keeping any results file it has. */
    public BatchJob fail(String reason, Instant now) {
        return moveTo(JobStatus.BATCH_FAILED, now).withOutcome(outcome.outputFile(), reason);
    }

    /** No file arrived before the upload URL expired. */
    public BatchJob expireUpload(Instant now) {
        return moveTo(JobStatus.UPLOAD_TIMEOUT, now);
    }

    /**
     * The same job running another spec (a new rate, new metadata): not a transition, but a change the version guards
     * like one. Throws {@link JobNotUpdatableException} once the job has ended.
     */
    public BatchJob respecify(JobSpec next) {
        if (status().isTerminal()) {
            throw new JobNotUpdatableException(id, status());
        }
        return new BatchJob(id, accountId, livemode, created, createdBy, next, upload, stage.bumped(), counts, outcome);
    }

    /** The same job with other counters (counters are not part of a transition; they never bump the version). */
    public BatchJob withCounts(JobCounts newCounts) {
        return new BatchJob(id, accountId, livemode, created, createdBy, spec, upload, stage, newCounts, outcome);
    }

    /** The same job with its results file and, for a failure, the reason people read. */
    public BatchJob withOutcome(OutputFile output, String reason) {
        return withOutcome(new JobOutcome(output, outcome.errorFile(), reason));
    }

    /** The same job with its error file (the failed rows, ready to fix and upload again). */
    public BatchJob withErrorFile(OutputFile errors) {
        return withOutcome(new JobOutcome(outcome.outputFile(), errors, outcome.failureReason()));
    }

    private BatchJob withOutcome(JobOutcome newOutcome) {
        return new BatchJob(id, accountId, livemode, created, createdBy, spec, upload, stage, counts, newOutcome);
    }

    /** The same job with its CSV header recorded (progress, not a transition: no version change). */
    public BatchJob withInputHeader(List<String> header) {
        return new BatchJob(
                id, accountId, livemode, created, createdBy, spec, upload.withHeader(header), stage, counts, outcome);
    }
}
