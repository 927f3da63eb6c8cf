package dev.batchjobs.domain.chunks;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.EndpointRegistry;
import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.JobProgress;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.RateWindow;
import dev.batchjobs.domain.events.ProgressEvents;
import dev.batchjobs.domain.input.RecordReader;
import dev.batchjobs.domain.input.RowDecoder;
import dev.batchjobs.domain.target.RatePacer;
import dev.batchjobs.domain.target.RowResult;
import dev.batchjobs.domain.target.SendRows;
import dev.batchjobs.domain.target.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a chunk worker does with one message: runs the chunk's rows that are not done yet, checkpointing as
 * it goes, until they are all done, the job stops being {@code in_progress} (seen within about a second;
 * {@code paused} is a stop like the others, only the answer differs), or the invocation's time runs low — then it says whether a follow-up message should continue the chunk.
 */
public final class RunChunk {
    /** What became of the chunk. */
    public enum Result {
        /** Every row of the chunk is done. */
        FINISHED,
        /** Time ran out first; send a follow-up message for the same chunk. */
        CONTINUE,
        /** The job is no longer in progress (cancelling, timed out, failed): nothing more to do. */
        HALTED,
        /**
         * The job is paused: what was in flight is checkpointed, the chunk is neither settled nor continued; the
         * resume queues it again and it carries on from its checkpoint.
         */
        PAUSED
    }

    private static final Duration STATUS_CHECK_EVERY = Duration.ofSeconds(1);

    private final JobProgress jobs;
    private final ChunkStore chunks;
    private final InputStorage inputs;
    private final ResultFiles results;
    private final EndpointRegistry registry;
    private final Target target;
    private final SendRows runner;
    private final Clock clock;
    private final Duration safetyMargin;
    private final Duration progressEvery;
    private final FailureGuard guard;

    /** @param safetyMargin time kept in hand at the end of an invocation to drain requests and checkpoint */
    public RunChunk(
            JobProgress jobs,
            ChunkStore chunks,
            InputStorage inputs,
            ResultFiles results,
            EndpointRegistry registry,
            Target target,
            SendRows runner,
            Clock clock,
            Duration safetyMargin) {
        this(
                jobs,
                chunks,
                inputs,
                results,
                registry,
                target,
                runner,
                clock,
                safetyMargin,
                ProgressEvents.DEFAULT_INTERVAL);
    }

    /** @param progressEvery at most one progress event per job this often */
    public RunChunk(
            JobProgress jobs,
            ChunkStore chunks,
            InputStorage inputs,
            ResultFiles results,
            EndpointRegistry registry,
            Target target,
            SendRows runner,
            Clock clock,
            Duration safetyMargin,
            Duration progressEvery) {
        this(
                jobs,
                chunks,
                inputs,
                results,
                registry,
                target,
                runner,
                clock,
                safetyMargin,
                progressEvery,
                FailureGuard.NONE);
    }

    /** @param guard checked after each checkpoint of a job with a failure threshold */
    public RunChunk(
            JobProgress jobs,
            ChunkStore chunks,
            InputStorage inputs,
            ResultFiles results,
            EndpointRegistry registry,
            Target target,
            SendRows runner,
            Clock clock,
            Duration safetyMargin,
            Duration progressEvery,
            FailureGuard guard) {
        this.jobs = jobs;
        this.chunks = chunks;
        this.inputs = inputs;
        this.results = results;
        this.registry = registry;
        this.target = target;
        this.runner = runner;
        this.clock = clock;
        this.safetyMargin = safetyMargin;
        this.progressEvery = progressEvery;
        this.guard = guard;
    }

    public Result run(String accountId, String jobId, int chunkIndex, Supplier<Duration> remainingTime)
            throws InterruptedException {
        Optional<BatchJob> found = jobs.find(accountId, jobId);
        if (found.isEmpty()
                || (found.get().status() != JobStatus.IN_PROGRESS && found.get().status() != JobStatus.PAUSED)) {
            return Result.HALTED;
        }
        BatchJob job = found.get();
        ChunkState start = chunks.find(jobId, chunkIndex)
                .orElseThrow(
                        () -> new IllegalStateException("Chunk " + chunkIndex + " of " + jobId + " was never planned"));
        if (start.finished()) {
            // Settled even while paused: a resume queues only the chunks with rows left.
            return Result.FINISHED;
        }
        if (job.status() == JobStatus.PAUSED) {
            return Result.PAUSED;
        }
        Endpoint endpoint = registry.find(job.spec().endpoint())
                .orElseThrow(() -> new IllegalStateException(
                        "Job " + jobId + " targets " + job.spec().endpoint() + ", no longer in the registry"));

        ChunkRows rows = new ChunkRows(
                RecordReader.open(
                        job.upload().format(),
                        inputs.read(
                                job.upload().readKey(),
                                start.range().startOffset(),
                                start.range().endOffset()),
                        start.range().firstLine()),
                RowDecoder.of(job.upload().format(), endpoint),
                endpoint,
                start.range().firstRow(),
                start::isDone);
        RatePacer pacer = new RatePacer(job.spec().maximumRps(), clock, chunks.pacerHistory(jobId));
        StatusWatch status = new StatusWatch(accountId, jobId);
        boolean[] outOfTime = {false};
        ChunkState[] current = {start};
        ProgressEvents progress = new ProgressEvents(jobs, clock, progressEvery);
        RateWindow[] rate = {job.counts().recent()};

        runner.run(
                new SendRows.JobTarget(
                        target, jobId, job.spec().endpoint(), job.spec().notificationScope()),
                rows,
                pacer,
                () -> {
                    if (remainingTime.get().compareTo(safetyMargin) < 0) {
                        outOfTime[0] = true;
                        return true;
                    }
                    return status.stopped();
                },
                (finished, history) -> {
                    rate[0] = rate[0].plus(clock.instant().truncatedTo(ChronoUnit.MILLIS), finished.size());
                    current[0] = checkpoint(accountId, current[0], finished, history, rate[0]);
                    if (job.spec().threshold().isPresent()) {
                        guard.afterCheckpoint(accountId, jobId);
                    }
                    progress.progressed(accountId, jobId);
                });

        if (current[0].finished()) {
            return Result.FINISHED;
        }
        if (outOfTime[0] && !status.stopped()) {
            return Result.CONTINUE;
        }
        return status.paused() ? Result.PAUSED : Result.HALTED;
    }

    /** The part file first, then the transaction that makes it count: a lost transaction leaves a part nobody reads. */
    private ChunkState checkpoint(
            String accountId, ChunkState chunk, List<RowResult> finished, List<Instant> history, RateWindow rate) {
        results.writePart(accountId, chunk, finished);
        long succeeded = finished.stream().filter(RowResult::succeeded).count();
        List<RowFailure> failures = finished.stream()
                .filter(r -> !r.succeeded())
                .map(r -> new RowFailure(r.rowIndex(), r.rowId(), r.failureReason()))
                .toList();
        return chunks.checkpoint(
                chunk,
                new Checkpoint(
                        finished.stream().map(RowResult::rowIndex).toList(),
                        succeeded,
                        finished.size() - succeeded,
                        failures,
                        history,
                        rate));
    }

    /** The job's status, read again at most once a second. */
    private final class StatusWatch {
        private final String accountId;
        private final String jobId;
        private Instant checkedAt = Instant.MIN;
        private boolean stopped;
        private boolean paused;

        StatusWatch(String accountId, String jobId) {
            this.accountId = accountId;
            this.jobId = jobId;
        }

        boolean stopped() {
            Instant now = clock.instant();
            if (!stopped && !now.isBefore(checkedAt.plus(STATUS_CHECK_EVERY))) {
                checkedAt = now;
                Optional<JobStatus> seen = jobs.find(accountId, jobId).map(BatchJob::status);
                stopped = seen.map(s -> s != JobStatus.IN_PROGRESS).orElse(true);
                paused = seen.equals(Optional.of(JobStatus.PAUSED));
            }
            return stopped;
        }

        /** Whether the status that stopped the run is {@code paused}. */
        boolean paused() {
            return stopped && paused;
        }
    }
}
