package dev.batchjobs.domain.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.EndpointRegistry;
import dev.batchjobs.domain.JobNotFoundException;
import dev.batchjobs.domain.JobNotPausableException;
import dev.batchjobs.domain.JobNotResumableException;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.chunks.ChunkQueue;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ProcessChunkMessage;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.chunks.RunChunk;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.target.RetryPolicy;
import dev.batchjobs.domain.target.SendRows;
import dev.batchjobs.domain.target.Target;
import dev.batchjobs.domain.target.TargetEncoding;
import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.InMemoryResultStorage;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import dev.batchjobs.testing.SimulatedTarget;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pause, resume and cancel of a paused job, through the worker's real path on in-memory fakes. */
class SteerJobsTest {
    private static final Caller CALLER = new Caller("acct_a", false, "key_1", "owner");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
    private final FakeInputStorage inputs = new FakeInputStorage(clock);
    private final SimulatedTarget target = new SimulatedTarget(clock);
    private final List<ChunkMessage> queued = new ArrayList<>();
    private final List<String> dedupIds = new ArrayList<>();
    private final List<String> signals = new ArrayList<>();
    private final ChunkQueue queue = (message, dedupId) -> {
        queued.add(message);
        dedupIds.add(dedupId);
    };
    private final SteerJobs steer = new SteerJobs(jobs, chunks, queue, clock);
    private final ProcessChunkMessage worker = new ProcessChunkMessage(
            new RunChunk(
                    jobs,
                    chunks,
                    inputs,
                    new ResultFiles(new InMemoryResultStorage()),
                    EndpointRegistry.stripeDefaults(),
                    new Target(URI.create("https://target.test"), TargetEncoding.FORM, "Stripe-Account", "X-S"),
                    new SendRows(
                            target,
                            new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2)),
                            clock,
                            target,
                            () -> 0.5,
                            new SendRows.Settings(20, Duration.ofSeconds(1), 10)),
                    clock,
                    Duration.ofSeconds(5)),
            chunks,
            queue,
            signals::add);
    private BatchJob job;

    @BeforeEach
    void aRunningJobWithTwoChunksOfTwentyRows() {
        job = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.IN_PROGRESS);
        jobs.create(job);
        String rows = IntStream.range(0, 40)
                .mapToObj(i -> "{\"id\": \"r" + i + "\", \"path_params\": {\"id\": \"cus_" + i + "\"}}\n")
                .collect(Collectors.joining());
        byte[] bytes = rows.getBytes(StandardCharsets.UTF_8);
        inputs.put(job.upload().key(), bytes);
        int half = rows.indexOf("{\"id\": \"r20\"");
        chunks.plan(
                job.id(),
                List.of(
                        ChunkState.planned(job.id(), 0, new ChunkRange(0, half, 0, 20, 1)),
                        ChunkState.planned(job.id(), 1, new ChunkRange(half, bytes.length, 20, 20, 21))));
        chunks.recordDispatch(job.id(), 2, "token-1");
    }

    /** The remaining time of a worker that pauses the job once the clock reaches {@code at}. */
    private Supplier<Duration> pausingAt(Instant at) {
        return () -> {
            if (!clock.instant().isBefore(at)
                    && jobs.find("acct_a", job.id()).orElseThrow().status() == JobStatus.IN_PROGRESS) {
                steer.pause(CALLER, job.id());
            }
            return Duration.ofMinutes(10);
        };
    }

    private RunChunk.Result run(int chunk) throws InterruptedException {
        return worker.handle(new ChunkMessage("acct_a", job.id(), chunk), () -> Duration.ofMinutes(10));
    }

    @Test
    void aPausedChunkIsCheckpointedAndTheResumeSendsEachRowExactlyOnce() throws InterruptedException {
        RunChunk.Result paused = worker.handle(
                new ChunkMessage("acct_a", job.id(), 0),
                pausingAt(clock.instant().plusSeconds(1)));
        int sentBeforeResume = target.starts.size();

        assertThat(paused).isEqualTo(RunChunk.Result.PAUSED);
        // Nothing else of the job is queued: chunk 1 is sent by the worker that finishes chunk 0.
        assertThat(queued).isEmpty();
        assertThat(sentBeforeResume).isBetween(1, 19);
        BatchJob stopped = jobs.find("acct_a", job.id()).orElseThrow();
        assertThat(stopped.status()).isEqualTo(JobStatus.PAUSED);
        assertThat(stopped.pauseReason()).contains(SteerJobs.REQUESTED);
        assertThat(stopped.counts().processed()).isEqualTo(sentBeforeResume);
        assertThat(signals).isEmpty();

        BatchJob resumed = steer.resume(CALLER, job.id());

        assertThat(resumed.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(resumed.pauseReason()).isEmpty();
        assertThat(queued).extracting(ChunkMessage::chunk).containsExactly(0);
        assertThat(dedupIds.get(0)).doesNotEndWith(":0");
        // The resumed run carries on from chunk 0's checkpoint and goes on through chunk 1: nothing more is queued.
        assertThat(worker.handle(queued.get(0), () -> Duration.ofMinutes(10))).isEqualTo(RunChunk.Result.FINISHED);
        assertThat(queued).extracting(ChunkMessage::chunk).containsExactly(0);
        assertThat(target.attempts)
                .hasSize(40)
                .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().counts().processed())
                .isEqualTo(40);
        assertThat(signals).containsExactly("token-1");
    }

    @Test
    void aResumeQueuesOnlyTheFirstChunkWithRowsLeft() throws InterruptedException {
        // 20 rows a second: chunk 0 ends after about a second, so the pause at 1.5 s meets the run in chunk 1.
        assertThat(worker.handle(
                        new ChunkMessage("acct_a", job.id(), 0),
                        pausingAt(clock.instant().plusMillis(1500))))
                .isEqualTo(RunChunk.Result.PAUSED);
        assertThat(queued).isEmpty();

        steer.resume(CALLER, job.id());

        assertThat(queued).extracting(ChunkMessage::chunk).containsExactly(1);
    }

    @Test
    void aRunGoesOnThroughTheJobsChunksAndTheLastSettleSendsTheTokenOnce() throws InterruptedException {
        assertThat(run(0)).isEqualTo(RunChunk.Result.FINISHED);

        assertThat(queued).isEmpty();
        assertThat(signals).containsExactly("token-1");
        assertThat(target.attempts)
                .hasSize(40)
                .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        // A redelivery (the worker died before its invocation returned) finds every chunk settled: nothing is sent,
        // queued or signalled again.
        assertThat(run(0)).isEqualTo(RunChunk.Result.FINISHED);
        assertThat(queued).isEmpty();
        assertThat(signals).containsExactly("token-1");
        assertThat(target.attempts)
                .hasSize(40)
                .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    }

    @Test
    void aRunOutOfTimeQueuesOneMessageWhereItStoppedAndTheChainCarriesOnFromThere() throws InterruptedException {
        Instant soon = clock.instant().plusMillis(1200);
        // Plenty of time for chunk 0, then less than the worker's safety margin (5 s).
        Supplier<Duration> remaining =
                () -> clock.instant().isBefore(soon) ? Duration.ofMinutes(10) : Duration.ofSeconds(1);

        RunChunk.Result stopped = worker.handle(new ChunkMessage("acct_a", job.id(), 0), remaining);

        assertThat(stopped).isIn(RunChunk.Result.CONTINUE, RunChunk.Result.FINISHED);
        assertThat(queued).as("one message for where the run stopped").hasSize(1);
        assertThat(signals).isEmpty();
        assertThat(target.attempts).hasSizeBetween(1, 39);
        assertThat(worker.handle(queued.get(0), () -> Duration.ofMinutes(10))).isEqualTo(RunChunk.Result.FINISHED);
        assertThat(queued).as("the follow-up went on to the end").hasSize(1);
        assertThat(signals).containsExactly("token-1");
        assertThat(target.attempts)
                .hasSize(40)
                .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    }

    @Test
    void aCancelledJobsChainStopsAtOnceAndTheStateMachineIsTold() throws InterruptedException {
        steer.cancel(CALLER, job.id());

        // Chunk 1 is never queued and never settles: the halted chunk 0 tells the state machine at once.
        assertThat(run(0)).isEqualTo(RunChunk.Result.HALTED);

        assertThat(queued).isEmpty();
        assertThat(signals).containsExactly("token-1");
        assertThat(target.starts).isEmpty();
    }

    @Test
    void cancellingAPausedJobWakesItsChainSoTheJobCanEnd() throws InterruptedException {
        steer.pause(CALLER, job.id());
        assertThat(run(0)).isEqualTo(RunChunk.Result.PAUSED);

        BatchJob cancelling = steer.cancel(CALLER, job.id());

        assertThat(cancelling.status()).isEqualTo(JobStatus.CANCELLING);
        assertThat(queued).hasSize(1);
        for (ChunkMessage message : queued) {
            assertThat(worker.handle(message, () -> Duration.ofMinutes(10))).isEqualTo(RunChunk.Result.HALTED);
        }
        assertThat(signals).containsExactly("token-1");
        assertThat(target.starts).isEmpty();
    }

    @Test
    void pausingTwiceAnswersWithThePausedJobAndResumingARunningJobIsRefused() {
        BatchJob paused = steer.pause(CALLER, job.id());

        assertThat(steer.pause(CALLER, job.id()).version()).isEqualTo(paused.version());
        steer.resume(CALLER, job.id());
        assertThatThrownBy(() -> steer.resume(CALLER, job.id()))
                .isInstanceOf(JobNotResumableException.class)
                .hasMessageContaining("in_progress");
    }

    @Test
    void anEndedJobIsNotPausable() {
        BatchJob running = jobs.find("acct_a", job.id()).orElseThrow();
        jobs.update(running, running.finish(false, clock.instant()));

        assertThatThrownBy(() -> steer.pause(CALLER, job.id()))
                .isInstanceOf(JobNotPausableException.class)
                .extracting(e -> ((JobNotPausableException) e).code())
                .isEqualTo("batch_job_not_pausable");
    }

    @Test
    void anotherAccountOrModeCannotSteerTheJob() {
        assertThatThrownBy(() -> steer.pause(new Caller("acct_b", false, "key_2", "owner"), job.id()))
                .isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> steer.pause(new Caller("acct_a", true, "key_3", "owner"), job.id()))
                .isInstanceOf(JobNotFoundException.class);
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status()).isEqualTo(JobStatus.IN_PROGRESS);
    }

    @Test
    void aPausedJobStillEndsTimeoutAtItsDeadline() {
        steer.pause(CALLER, job.id());
        BatchJob paused = jobs.find("acct_a", job.id()).orElseThrow();

        BatchJob ended = paused.finish(true, clock.instant());

        assertThat(ended.status()).isEqualTo(JobStatus.TIMEOUT);
        assertThat(ended.outcome().failureReason()).isNull();
    }
}
