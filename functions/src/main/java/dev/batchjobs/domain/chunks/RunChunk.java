package dev.batchjobs.domain.chunks;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.EndpointRegistry;
import dev.batchjobs.domain.Ids;
import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.JobPace;
import dev.batchjobs.domain.JobProgress;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.Metric;
import dev.batchjobs.domain.MetricRecord;
import dev.batchjobs.domain.Metrics;
import dev.batchjobs.domain.RateWindow;
import dev.batchjobs.domain.events.ProgressEvents;
import dev.batchjobs.domain.input.RowDecoder;
import dev.batchjobs.domain.target.AdaptiveRate;
import dev.batchjobs.domain.target.CeilingLease;
import dev.batchjobs.domain.target.RateCeiling;
import dev.batchjobs.domain.target.RowResult;
import dev.batchjobs.domain.target.SendRows;
import dev.batchjobs.domain.target.SendTally;
import dev.batchjobs.domain.target.SteeredPacer;
import dev.batchjobs.domain.target.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a chunk worker does with one message: runs the chunk's rows that are not done yet, checkpointing as
 * it goes, until they are all done, the job stops being {@code in_progress} (seen within about a second),
 * or the invocation's time runs low — then it says whether a follow-up message should continue the chunk.
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

    private static final Logger LOG = LoggerFactory.getLogger(RunChunk.class);
    /** How often the job is read again (its status, its {@code maximum_rps}) and its pace is recorded. */
    private static final Duration STATUS_CHECK_EVERY = Duration.ofSeconds(1);
    /** Where a worker that reads ahead reads the job's status: daemon threads shared by the runs of this JVM. */
    private static final ExecutorService STATUS_READS = Executors.newCachedThreadPool(work -> {
        Thread t = new Thread(work, "job-status");
        t.setDaemon(true);
        return t;
    });

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
    private final Metrics metrics;
    private final RateCeiling ceiling;
    private final boolean slowsDown;
    private final FailureGuard guard;
    private final Executor statusReads;

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

    /**
     * A worker without an operator ceiling or metrics, slowing down after 429s, with no failure guard: the
     * {@code with…} methods give the same worker with one of those set.
     *
     * @param progressEvery at most one progress event per job this often
     */
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
        this.metrics = Metrics.NONE;
        this.ceiling = RateCeiling.OFF;
        this.slowsDown = true;
        this.guard = FailureGuard.NONE;
        this.statusReads = Runnable::run;
    }

    private RunChunk(
            RunChunk base,
            Metrics metrics,
            RateCeiling ceiling,
            boolean slowsDown,
            FailureGuard guard,
            Executor statusReads) {
        this.jobs = base.jobs;
        this.chunks = base.chunks;
        this.inputs = base.inputs;
        this.results = base.results;
        this.registry = base.registry;
        this.target = base.target;
        this.runner = base.runner;
        this.clock = base.clock;
        this.safetyMargin = base.safetyMargin;
        this.progressEvery = base.progressEvery;
        this.metrics = metrics;
        this.ceiling = ceiling;
        this.slowsDown = slowsDown;
        this.guard = guard;
        this.statusReads = statusReads;
    }

    /** The same worker, publishing one record per run: what was sent, retried, throttled, succeeded and failed. */
    public RunChunk withMetrics(Metrics recorder) {
        return new RunChunk(this, recorder, ceiling, slowsDown, guard, statusReads);
    }

    /** The same worker, sharing the operator's {@code rateCeiling} for the target with the other jobs. */
    public RunChunk withCeiling(RateCeiling rateCeiling) {
        return new RunChunk(this, metrics, rateCeiling, slowsDown, guard, statusReads);
    }

    /** The same worker without the slow-down after 429s: a fixed rate, for comparisons (tests, benchmarks). */
    public RunChunk withFixedRate() {
        return new RunChunk(this, metrics, ceiling, false, guard, statusReads);
    }

    /** The same worker, checking {@code failureGuard} after each checkpoint of a job with a failure threshold. */
    public RunChunk guardedBy(FailureGuard failureGuard) {
        return new RunChunk(this, metrics, ceiling, slowsDown, failureGuard, statusReads);
    }

    /**
     * The same worker, reading the job's status on a thread of its own so that the pacing loop never waits for the
     * read; without it (a worker on a simulated clock) each read answers before the loop goes on.
     */
    public RunChunk readingStatusAhead() {
        return new RunChunk(this, metrics, ceiling, slowsDown, guard, STATUS_READS);
    }

    /** Runs the one chunk {@code chunkIndex}. */
    public Result run(String accountId, String jobId, int chunkIndex, Supplier<Duration> remainingTime)
            throws InterruptedException {
        return run(accountId, jobId, chunkIndex, remainingTime, false).result();
    }

    /**
     * Runs {@code firstChunk} and then the job's next chunks, one after the other in the same paced run, while the
     * invocation has time and the job is in progress: the next chunk's rows start while the last responses of the one
     * before are still coming back.
     */
    public Run runOnward(String accountId, String jobId, int firstChunk, Supplier<Duration> remainingTime)
            throws InterruptedException {
        return run(accountId, jobId, firstChunk, remainingTime, true);
    }

    /**
     * Where a run of consecutive chunks stopped: every chunk before {@code chunk} (from the first one) is finished;
     * {@code result} is what became of {@code chunk} itself ({@code FINISHED}: it is the last chunk the run reached).
     */
    public record Run(Result result, int chunk) {}

    private Run run(String accountId, String jobId, int chunkIndex, Supplier<Duration> remainingTime, boolean onward)
            throws InterruptedException {
        Optional<BatchJob> found = jobs.find(accountId, jobId);
        if (found.isEmpty()
                || (found.get().status() != JobStatus.IN_PROGRESS && found.get().status() != JobStatus.PAUSED)) {
            return new Run(Result.HALTED, chunkIndex);
        }
        BatchJob job = found.get();
        int last = onward ? Math.max(chunkIndex, chunks.dispatchedChunks(jobId).orElse(0) - 1) : chunkIndex;
        ChunkState start = chunk(jobId, chunkIndex);
        while (start.finished() && start.index() < last) {
            // A redelivery: the chunks its first run finished are skipped.
            start = chunk(jobId, start.index() + 1);
        }
        if (start.finished()) {
            // Settled even while paused: a resume queues only the chunks with rows left.
            return new Run(Result.FINISHED, start.index());
        }
        if (job.status() == JobStatus.PAUSED) {
            return new Run(Result.PAUSED, start.index());
        }
        Endpoint endpoint = registry.find(job.spec().endpoint())
                .orElseThrow(() -> new IllegalStateException(
                        "Job " + jobId + " targets " + job.spec().endpoint() + ", no longer in the registry"));

        StatusWatch status = new StatusWatch(
                jobs, clock, statusReads, accountId, jobId, job.spec().maximumRps());
        CeilingLease share = ceiling.open(target.baseUrl().getAuthority(), jobId);
        // Where the last invocation's slow-down left the job, if the target had throttled it.
        JobPace lastPace = job.counts().pace();
        AdaptiveRate adaptive = new AdaptiveRate(
                clock,
                lastPace.known() && lastPace.throttledCount() > 0 && lastPace.effectiveRps() > 0
                        ? lastPace.effectiveRps()
                        : job.spec().maximumRps());
        // The rate in force: the job's own maximum_rps as last read, slowed down while the target throttles, within
        // its share of the target's ceiling.
        SteeredPacer pacer = new SteeredPacer(
                clock,
                chunks.pacerHistory(jobId),
                () -> {
                    int wanted = slowsDown ? adaptive.current(status.maximumRps()) : status.maximumRps();
                    return wanted == 0 ? 0 : share.allowed(wanted);
                },
                adaptive::observe);
        PaceReport pace = new PaceReport(chunks, clock, STATUS_CHECK_EVERY, jobId, pacer, adaptive);
        boolean[] outOfTime = {false};
        ChunkCheckpoints saves = new ChunkCheckpoints(
                accountId, job, chunks, results, guard, new ProgressEvents(jobs, clock, progressEvery), clock);
        SendTally tally = new SendTally();
        Instant started = clock.instant();

        try (ChunkSequence rows = new ChunkSequence(
                start,
                last,
                index -> chunk(jobId, index),
                chunk -> new ChunkRows(
                        chunk.records(job.upload(), inputs),
                        RowDecoder.of(job.upload().format(), endpoint),
                        endpoint,
                        chunk.range().firstRow(),
                        chunk::isDone,
                        chunk.range().duplicates()),
                saves)) {
            runner.run(
                    new SendRows.JobTarget(
                            // A retry's rows keep the idempotency keys of the job they first ran in.
                            target,
                            job.spec().lineage().originOf(jobId),
                            job.spec().endpoint(),
                            job.spec().notificationScope()),
                    rows,
                    pacer,
                    () -> {
                        pace.report(false);
                        if (remainingTime.get().compareTo(safetyMargin) < 0) {
                            outOfTime[0] = true;
                            return true;
                        }
                        return status.stopped();
                    },
                    saves,
                    tally);
        } finally {
            publish(jobId, chunkIndex, tally, saves.settled(), Duration.between(started, clock.instant()));
        }
        pace.report(true);

        ChunkState reached = saves.latest();
        for (int index = start.index(); index <= reached.index(); index++) {
            ChunkState chunk = saves.state(index);
            if (!chunk.finished()) {
                if (outOfTime[0] && !status.stopped()) {
                    return new Run(Result.CONTINUE, index);
                }
                return new Run(status.paused() ? Result.PAUSED : Result.HALTED, index);
            }
        }
        return new Run(Result.FINISHED, reached.index());
    }

    private ChunkState chunk(String jobId, int index) {
        return chunks.find(jobId, index)
                .orElseThrow(() -> new IllegalStateException("Chunk " + index + " of " + jobId + " was never planned"));
    }

    private void publish(String jobId, int chunkIndex, SendTally tally, long[] settled, Duration took) {
        metrics.publish(MetricRecord.builder()
                .put(Metric.ROWS_SENT, tally.sentCount())
                .put(Metric.ROWS_SUCCEEDED, settled[0])
                .put(Metric.ROWS_FAILED, settled[1])
                .put(Metric.ROWS_RETRIED, tally.retriedCount())
                .put(Metric.ROWS_THROTTLED, tally.throttledCount())
                .put(Metric.ACHIEVED_RPS, Metrics.perSecond(tally.sentCount(), took.toNanos()))
                .property("job_id", jobId)
                .property("chunk", Integer.toString(chunkIndex))
                .build());
    }

    /** The part file first, then the transaction that makes it count: a lost transaction leaves a part nobody reads. */
    private ChunkState checkpoint(
            String accountId, ChunkState chunk, List<RowResult> finished, List<Instant> history, RateWindow rate) {
        String token = Ids.random(12);
        results.writePart(accountId, chunk, token, finished);
        return chunks.checkpoint(chunk, Checkpoint.of(finished, history, rate, token));
    }
}
