package dev.batchjobs.domain.chunks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.EndpointRegistry;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.Metric;
import dev.batchjobs.domain.MetricRecord;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.target.RetryPolicy;
import dev.batchjobs.domain.target.SendRows;
import dev.batchjobs.domain.target.Target;
import dev.batchjobs.domain.target.TargetEncoding;
import dev.batchjobs.testing.CrashingChunkStore;
import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.InMemoryResultStorage;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.RecordingMetrics;
import dev.batchjobs.testing.SampleJobs;
import dev.batchjobs.testing.SimulatedTarget;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunChunkTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
    private final FakeInputStorage inputs = new FakeInputStorage(clock);
    private final InMemoryResultStorage storage = new InMemoryResultStorage();
    private final SimulatedTarget target = new SimulatedTarget(clock);
    private final SendRows runner = new SendRows(
            target,
            new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2)),
            clock,
            target,
            () -> 0.5,
            new SendRows.Settings(20, Duration.ofSeconds(1), 10));
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RunChunk runChunk = new RunChunk(
                    jobs,
                    chunks,
                    inputs,
                    new ResultFiles(storage),
                    EndpointRegistry.stripeDefaults(),
                    new Target(URI.create("https://target.test"), TargetEncoding.FORM, "Stripe-Account", "X-S"),
                    runner,
                    clock,
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5))
            .withMetrics(metrics);
    private BatchJob job;

    @BeforeEach
    void aJobWithOneChunkOfFortyRows() {
        job = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.IN_PROGRESS);
        jobs.create(job);
        upload(IntStream.range(0, 40)
                .mapToObj(i -> "{\"id\": \"r" + i + "\", \"path_params\": {\"id\": \"cus_" + i + "\"}}")
                .collect(Collectors.joining("\r\n", "", "\r\n")));
    }

    private void upload(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        inputs.put(job.upload().key(), bytes);
        long rows = text.lines().filter(l -> !l.isBlank()).count();
        chunks.plan(
                job.id(), List.of(ChunkState.planned(job.id(), 0, new ChunkRange(0, bytes.length, 0, (int) rows, 1))));
    }

    private List<String> resultLines() {
        ChunkState chunk = chunks.find(job.id(), 0).orElseThrow();
        return IntStream.range(0, chunk.parts())
                .mapToObj(p -> storage.text(ResultFiles.partKey("acct_a", job.id(), 0, p, chunk.partSuffix(p)))
                        .orElseThrow())
                .flatMap(String::lines)
                .toList();
    }

    private Supplier<Duration> plentyOfTime() {
        return () -> Duration.ofMinutes(10);
    }

    @Test
    void everyRowIsSentOnceAndCountedOnce() throws InterruptedException {
        target.answer("r7", 404);

        RunChunk.Result result = runChunk.run("acct_a", job.id(), 0, plentyOfTime());

        assertThat(result).isEqualTo(RunChunk.Result.FINISHED);
        assertThat(target.attempts)
                .hasSize(40)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(resultLines()).hasSize(40);
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().counts().succeeded())
                .isEqualTo(39);
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().counts().failed())
                .isEqualTo(1);
    }

    @Test
    void aRunPublishesWhatItSentRetriedAndSettled() throws InterruptedException {
        target.answer("r3", 429, 200);
        target.answer("r5", 503, 503, 503);
        target.answer("r7", 404);

        // At a fixed rate: the slow-down after the 429 and the 503s would (rightly) lower the achieved rate.
        runChunk.withFixedRate().run("acct_a", job.id(), 0, plentyOfTime());

        assertThat(metrics.records).hasSize(1);
        MetricRecord record = metrics.records.get(0);
        // 40 rows; r3 twice, r5 three times (the policy's three attempts): 43 requests, 3 of them retries.
        assertThat(record.value(Metric.ROWS_SENT)).isEqualTo(43);
        assertThat(record.value(Metric.ROWS_RETRIED)).isEqualTo(3);
        assertThat(record.value(Metric.ROWS_THROTTLED)).isEqualTo(1);
        assertThat(record.value(Metric.ROWS_SUCCEEDED)).isEqualTo(38);
        assertThat(record.value(Metric.ROWS_FAILED)).isEqualTo(2);
        // Paced at the job's 10 rps (a start spends its token as it starts, so a run reads a hair above it).
        assertThat(record.value(Metric.ACHIEVED_RPS)).isBetween(9.0, 10.5);
        assertThat(record.properties()).containsEntry("job_id", job.id()).containsEntry("chunk", "0");
    }

    @Test
    void aRunOutOfTimeAsksToContinueAndTheNextRunSendsOnlyWhatIsLeft() throws InterruptedException {
        // 10 rps and a 5 s safety margin: the run stops after about 2 s, some 20 rows in.
        Instant deadline = clock.instant().plusSeconds(7);
        Supplier<Duration> lambdaClock = () -> Duration.between(clock.instant(), deadline);

        RunChunk.Result first = runChunk.run("acct_a", job.id(), 0, lambdaClock);
        int sentFirst = target.starts.size();
        RunChunk.Result second = runChunk.run("acct_a", job.id(), 0, plentyOfTime());

        assertThat(first).isEqualTo(RunChunk.Result.CONTINUE);
        assertThat(sentFirst).isBetween(1, 39);
        assertThat(second).isEqualTo(RunChunk.Result.FINISHED);
        assertThat(target.attempts.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
        assertThat(resultLines()).hasSize(40);
        assertThat(resultLines().stream()
                        .map(l -> l.replaceAll(".*\"id\":\"(r\\d+)\".*", "$1"))
                        .distinct())
                .hasSize(40);
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().counts().succeeded())
                .isEqualTo(40);
    }

    @Test
    void aCancelIsSeenWithinASecondAndNothingStartsAfterIt() throws InterruptedException {
        target.latency = Duration.ofMillis(300);
        BatchJob running = jobs.find("acct_a", job.id()).orElseThrow();
        Supplier<Duration> cancelAtTwoSeconds = () -> {
            if (!clock.instant().isBefore(Instant.parse("2026-11-23T10:00:02Z"))
                    && jobs.find("acct_a", job.id()).orElseThrow().status() == JobStatus.IN_PROGRESS) {
                jobs.update(running, running.moveTo(JobStatus.CANCELLING, clock.instant()));
            }
            return Duration.ofMinutes(10);
        };

        RunChunk.Result result = runChunk.run("acct_a", job.id(), 0, cancelAtTwoSeconds);

        assertThat(result).isEqualTo(RunChunk.Result.HALTED);
        assertThat(target.starts).allSatisfy(s -> assertThat(s).isBefore(Instant.parse("2026-11-23T10:00:03Z")));
        assertThat(target.starts.size()).isLessThan(40);
        assertThat(resultLines()).hasSize(target.starts.size());
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().counts().processed())
                .isEqualTo(target.starts.size());
    }

    @Test
    void aWorkerKilledBetweenWritingAPartAndCommittingItResumesWithoutADuplicate() throws InterruptedException {
        // The second checkpoint dies after its part is written and before its transaction: a crash.
        ChunkStore crashing = new CrashingChunkStore(chunks, 2);
        RunChunk dying = new RunChunk(
                jobs,
                crashing,
                inputs,
                new ResultFiles(storage),
                EndpointRegistry.stripeDefaults(),
                new Target(URI.create("https://target.test"), TargetEncoding.FORM, "Stripe-Account", "X-S"),
                runner,
                clock,
                Duration.ofSeconds(5));

        Assertions.assertThatThrownBy(() -> dying.run("acct_a", job.id(), 0, plentyOfTime()))
                .hasMessage("killed");
        target.await(Duration.ofSeconds(5));
        RunChunk.Result resumed = runChunk.run("acct_a", job.id(), 0, plentyOfTime());

        assertThat(resumed).isEqualTo(RunChunk.Result.FINISHED);
        List<String> ids = resultLines().stream()
                .map(l -> l.replaceAll(".*\"id\":\"(r\\d+)\".*", "$1"))
                .toList();
        assertThat(ids).hasSize(40).doesNotHaveDuplicates();
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().counts().processed())
                .isEqualTo(40);
        // The rows of the lost checkpoint went out again, with the same idempotency keys.
        assertThat(target.attempts.values()).contains(2);
        assertThat(target.attempts.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
    }

    @Test
    void aChunkThatRanOutOfTimeQueuesAFollowUpNamedByItsProgress() throws InterruptedException {
        List<String> followUps = new ArrayList<>();
        ProcessChunkMessage work =
                new ProcessChunkMessage(runChunk, chunks, (message, dedupId) -> followUps.add(dedupId), token -> {});
        Instant deadline = clock.instant().plusSeconds(7);

        RunChunk.Result first =
                work.handle(new ChunkMessage("acct_a", job.id(), 0), () -> Duration.between(clock.instant(), deadline));
        RunChunk.Result second = work.handle(new ChunkMessage("acct_a", job.id(), 0), plentyOfTime());

        assertThat(first).isEqualTo(RunChunk.Result.CONTINUE);
        assertThat(second).isEqualTo(RunChunk.Result.FINISHED);
        assertThat(followUps)
                .singleElement()
                .satisfies(id -> assertThat(id).startsWith(job.id() + ":0:").doesNotEndWith(":0"));
    }

    @Test
    void theLastSettledChunkSendsTheTokenBackOnceEvenWhenItsMessageComesTwice() throws InterruptedException {
        List<String> signals = new ArrayList<>();
        ProcessChunkMessage work = new ProcessChunkMessage(runChunk, chunks, (message, dedupId) -> {}, signals::add);
        chunks.recordDispatch(job.id(), 1, "token-9");

        work.handle(new ChunkMessage("acct_a", job.id(), 0), plentyOfTime());
        work.handle(new ChunkMessage("acct_a", job.id(), 0), plentyOfTime());

        assertThat(signals).containsExactly("token-9");
    }

    @Test
    void aCancelledJobsChunksSettleWithoutRunningSoTheCancelCompletes() throws InterruptedException {
        List<String> signals = new ArrayList<>();
        ProcessChunkMessage work = new ProcessChunkMessage(runChunk, chunks, (message, dedupId) -> {}, signals::add);
        chunks.recordDispatch(job.id(), 1, "token-c");
        BatchJob running = jobs.find("acct_a", job.id()).orElseThrow();
        jobs.update(running, running.moveTo(JobStatus.CANCELLING, clock.instant()));

        assertThat(work.handle(new ChunkMessage("acct_a", job.id(), 0), plentyOfTime()))
                .isEqualTo(RunChunk.Result.HALTED);

        assertThat(signals).containsExactly("token-c");
        assertThat(target.starts).isEmpty();
    }

    @Test
    void aJobThatIsNoLongerInProgressRunsNothing() throws InterruptedException {
        BatchJob running = jobs.find("acct_a", job.id()).orElseThrow();
        jobs.update(running, running.moveTo(JobStatus.CANCELLING, clock.instant()));

        assertThat(runChunk.run("acct_a", job.id(), 0, plentyOfTime())).isEqualTo(RunChunk.Result.HALTED);
        assertThat(target.starts).isEmpty();
    }

    @Test
    void rowsThatBreakTheRulesAreRefusedWith400AndNeverSent() throws InterruptedException {
        upload("{\"id\": \"ok\", \"path_params\": {\"id\": \"cus_1\"}}\n"
                + "{\"id\": \"bad\", \"path_params\": {\"customer\": \"cus_1\"}}\n"
                + "not json\n\n"
                + "{\"id\": \"bad id!\", \"path_params\": {\"id\": \"cus_2\"}}\n");
        chunks.plan(job.id(), List.of());

        runChunk.run("acct_a", job.id(), 0, plentyOfTime());

        assertThat(target.attempts).containsOnlyKeys("ok");
        assertThat(resultLines()).filteredOn(l -> l.endsWith("\"status\":400}")).hasSize(3);
        assertThat(resultLines())
                .anySatisfy(l -> assertThat(l).contains("Row 2 (line 2)").contains("[id]"));
        assertThat(resultLines()).anySatisfy(l -> assertThat(l).contains("Row 3 (line 3): invalid JSON at column"));
        assertThat(resultLines()).anySatisfy(l -> assertThat(l).contains("Row 4 (line 5): 'id' must be a string"));
    }

    @Test
    void aRowMarkedAsADuplicateIdIsRefusedAndOnlyTheFirstRowOfTheIdIsSent() throws InterruptedException {
        String text = "{\"id\": \"a\", \"path_params\": {\"id\": \"cus_1\"}}\n"
                + "{\"id\": \"b\", \"path_params\": {\"id\": \"cus_2\"}}\n"
                + "{\"id\": \"a\", \"path_params\": {\"id\": \"cus_3\"}}\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        inputs.put(job.upload().key(), bytes);
        chunks.plan(
                job.id(),
                List.of(ChunkState.planned(job.id(), 1, new ChunkRange(0, bytes.length, 0, 3, 1, Map.of(2L, 1L)))));

        runChunk.run("acct_a", job.id(), 1, plentyOfTime());

        assertThat(target.attempts).containsOnlyKeys("a", "b").containsEntry("a", 1);
        ChunkState chunk = chunks.find(job.id(), 1).orElseThrow();
        List<String> lines = IntStream.range(0, chunk.parts())
                .mapToObj(p -> storage.text(ResultFiles.partKey("acct_a", job.id(), 1, p, chunk.partSuffix(p)))
                        .orElseThrow())
                .flatMap(String::lines)
                .toList();
        assertThat(lines)
                .hasSize(3)
                .filteredOn(l -> l.contains("duplicate_id"))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .startsWith("{\"id\":\"a\"")
                        .contains("Row 3 (line 3) was not sent: the id 'a' is already used on line 1")
                        .endsWith("\"status\":400}"));
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().counts().failed())
                .isEqualTo(1);
    }
}
