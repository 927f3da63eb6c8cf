package dev.batchjobs.domain.chunks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.EndpointRegistry;
import dev.batchjobs.domain.JobStatus;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One worker invocation running a job's chunks one after the other (issue 16, item 4): each chunk's rows are
 * checkpointed into that chunk, a run out of time stops in the chunk it reached, a redelivery skips what is finished,
 * and the message handler settles every chunk the run finished and queues only what must follow.
 */
class RunOnwardTest {
    private static final int CHUNKS = 3;
    private static final int ROWS_PER_CHUNK = 15;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
    private final FakeInputStorage inputs = new FakeInputStorage(clock);
    private final InMemoryResultStorage storage = new InMemoryResultStorage();
    private final SimulatedTarget target = new SimulatedTarget(clock);
    private final RunChunk runChunk = new RunChunk(
            jobs,
            chunks,
            inputs,
            new ResultFiles(storage),
            EndpointRegistry.stripeDefaults(),
            new Target(URI.create("https://target.test"), TargetEncoding.FORM, "Stripe-Account", "X-S"),
            new SendRows(
                    target,
                    new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2)),
                    clock,
                    target,
                    () -> 0.5,
                    new SendRows.Settings(20, Duration.ofSeconds(5), 1_000)),
            clock,
            Duration.ofSeconds(5));
    private final List<String> queued = new ArrayList<>();
    private final List<String> tokens = new ArrayList<>();
    private BatchJob job;

    @BeforeEach
    void aJobOfThreeChunksDispatched() {
        job = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.IN_PROGRESS);
        jobs.create(job);
        StringBuilder text = new StringBuilder();
        List<ChunkState> planned = new ArrayList<>();
        long start = 0;
        for (int c = 0; c < CHUNKS; c++) {
            for (int r = 0; r < ROWS_PER_CHUNK; r++) {
                int row = c * ROWS_PER_CHUNK + r;
                text.append("{\"id\": \"r" + row + "\", \"path_params\": {\"id\": \"cus_" + row + "\"}}\n");
            }
            long end = text.toString().getBytes(StandardCharsets.UTF_8).length;
            planned.add(ChunkState.planned(
                    job.id(),
                    c,
                    new ChunkRange(start, end, c * ROWS_PER_CHUNK, ROWS_PER_CHUNK, c * ROWS_PER_CHUNK + 1)));
            start = end;
        }
        inputs.put(job.upload().key(), text.toString().getBytes(StandardCharsets.UTF_8));
        chunks.plan(job.id(), planned);
        chunks.recordDispatch(job.id(), CHUNKS, "token-1");
    }

    private ProcessChunkMessage handler() {
        return new ProcessChunkMessage(
                runChunk, chunks, (message, dedup) -> queued.add(message.chunk() + "@" + dedup), tokens::add);
    }

    private List<String> chunkLines(int index) {
        ChunkState chunk = chunks.find(job.id(), index).orElseThrow();
        return IntStream.range(0, chunk.parts())
                .mapToObj(p -> storage.text(ResultFiles.partKey("acct_a", job.id(), index, p, chunk.partSuffix(p)))
                        .orElseThrow())
                .flatMap(String::lines)
                .toList();
    }

    private static Supplier<Duration> plentyOfTime() {
        return () -> Duration.ofMinutes(10);
    }

    @Test
    void oneRunSendsEveryChunkOnceEachIntoItsOwnPartsAndTheHandlerSettlesThemAll() throws InterruptedException {
        RunChunk.Result result = handler().handle(new ChunkMessage("acct_a", job.id(), 0), plentyOfTime());

        assertThat(result).isEqualTo(RunChunk.Result.FINISHED);
        assertThat(target.attempts)
                .hasSize(CHUNKS * ROWS_PER_CHUNK)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        for (int c = 0; c < CHUNKS; c++) {
            int first = c * ROWS_PER_CHUNK;
            assertThat(chunks.find(job.id(), c).orElseThrow().finished()).isTrue();
            assertThat(chunkLines(c))
                    .hasSize(ROWS_PER_CHUNK)
                    .allSatisfy(line -> assertThat(Integer.parseInt(line.replaceAll(".*\"id\":\"r(\\d+)\".*", "$1")))
                            .isBetween(first, first + ROWS_PER_CHUNK - 1));
        }
        // Nothing left to queue; the last settle sends the token, once.
        assertThat(queued).isEmpty();
        assertThat(tokens).containsExactly("token-1");
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().counts().processed())
                .isEqualTo(CHUNKS * ROWS_PER_CHUNK);
    }

    @Test
    void theNextChunksFirstRowStartsBeforeTheLastResponseOfTheChunkBeforeReturns() throws InterruptedException {
        target.latency = Duration.ofMillis(500);

        runChunk.runOnward("acct_a", job.id(), 0, plentyOfTime());

        // At 10/s row 15 (chunk 1's first) starts 0.1 s after row 14, while row 14's response is 0.5 s away.
        Duration gap = Duration.between(target.starts.get(ROWS_PER_CHUNK - 1), target.starts.get(ROWS_PER_CHUNK));
        assertThat(gap).isLessThan(Duration.ofMillis(200));
    }

    @Test
    void aRunOutOfTimeStopsInTheChunkItReachedAndTheFollowUpSendsOnlyWhatIsLeft() throws InterruptedException {
        // 10 rps, a 5 s margin: the run stops about 2.5 s in, inside chunk 1 (rows 15 to 29).
        Instant deadline = clock.instant().plusSeconds(7).plusMillis(500);

        RunChunk.Result first = handler()
                .handle(new ChunkMessage("acct_a", job.id(), 0), () -> Duration.between(clock.instant(), deadline));

        assertThat(first).isEqualTo(RunChunk.Result.CONTINUE);
        long version = chunks.find(job.id(), 1).orElseThrow().version();
        assertThat(queued).containsExactly("1@" + job.id() + ":1:" + version);
        assertThat(chunks.find(job.id(), 0).orElseThrow().finished()).isTrue();
        assertThat(chunks.find(job.id(), 1).orElseThrow().finished()).isFalse();
        assertThat(tokens).isEmpty();

        RunChunk.Result second = handler().handle(new ChunkMessage("acct_a", job.id(), 1), plentyOfTime());

        assertThat(second).isEqualTo(RunChunk.Result.FINISHED);
        assertThat(target.attempts)
                .hasSize(CHUNKS * ROWS_PER_CHUNK)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(tokens).containsExactly("token-1");
    }

    @Test
    void aRedeliveredMessageSkipsTheChunksItsFirstRunFinished() throws InterruptedException {
        runChunk.runOnward("acct_a", job.id(), 0, plentyOfTime());
        int sent = target.starts.size();

        RunChunk.Run again = runChunk.runOnward("acct_a", job.id(), 0, plentyOfTime());

        assertThat(again).isEqualTo(new RunChunk.Run(RunChunk.Result.FINISHED, CHUNKS - 1));
        assertThat(target.starts).hasSize(sent);
    }

    @Test
    void aCancelHaltsTheRunInTheChunkItReached() throws InterruptedException {
        BatchJob running = jobs.find("acct_a", job.id()).orElseThrow();
        Supplier<Duration> cancelAtTwoSeconds = () -> {
            if (!clock.instant().isBefore(Instant.parse("2026-11-23T10:00:02Z"))
                    && jobs.find("acct_a", job.id()).orElseThrow().status() == JobStatus.IN_PROGRESS) {
                jobs.update(running, running.moveTo(JobStatus.CANCELLING, clock.instant()));
            }
            return Duration.ofMinutes(10);
        };

        RunChunk.Run run = runChunk.runOnward("acct_a", job.id(), 0, cancelAtTwoSeconds);

        assertThat(run.result()).isEqualTo(RunChunk.Result.HALTED);
        assertThat(run.chunk()).isEqualTo(1);
        assertThat(target.starts.size()).isLessThan(CHUNKS * ROWS_PER_CHUNK);
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().counts().processed())
                .isEqualTo(target.starts.size());
    }
}
