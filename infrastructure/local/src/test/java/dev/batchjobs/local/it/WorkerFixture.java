package dev.batchjobs.local.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.aws.DynamoDbChunkStore;
import dev.batchjobs.aws.DynamoDbJobStore;
import dev.batchjobs.aws.HttpTargetClient;
import dev.batchjobs.aws.S3InputStorage;
import dev.batchjobs.aws.S3ResultStorage;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.EndpointRef;
import dev.batchjobs.domain.EndpointRegistry;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.Ids;
import dev.batchjobs.domain.InputFormat;
import dev.batchjobs.domain.JobCounts;
import dev.batchjobs.domain.JobOutcome;
import dev.batchjobs.domain.JobSpec;
import dev.batchjobs.domain.JobStage;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.JobUpload;
import dev.batchjobs.domain.NotificationScope;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.PresignedUrl;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ChunkStore;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.chunks.RunChunk;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.target.RateCeiling;
import dev.batchjobs.domain.target.RetryPolicy;
import dev.batchjobs.domain.target.SendRows;
import dev.batchjobs.domain.target.SignalWaiter;
import dev.batchjobs.domain.target.Target;
import dev.batchjobs.domain.target.TargetEncoding;
import dev.batchjobs.local.sandbox.SandboxTarget;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A job in progress on the shared local cloud, its input uploaded and planned in chunks, and the chunk
 * worker that runs it against a sandbox target: real S3Proxy, DynamoDB Local and HTTP. Every tenth row
 * names a customer the sandbox does not have (a 404).
 */
final class WorkerFixture {
    private final Clock clock = Clock.systemUTC();
    final DynamoDbJobStore jobs =
            new DynamoDbJobStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.EVENTS_TABLE, clock);
    final DynamoDbChunkStore chunks =
            new DynamoDbChunkStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.FAILURES_TABLE);
    final ResultFiles results = new ResultFiles(new S3ResultStorage(LocalClients.s3(), LocalClients.BUCKET));
    /** When each request left the worker: what the pacer controls exactly. */
    final List<Instant> starts = new CopyOnWriteArrayList<>();

    final RunChunk runChunk;
    final BatchJob job;
    final int chunkCount;
    private final Target target;

    /**
     * How often the worker checkpoints: every second or 100 rows for the ITs (quick to observe), or what
     * {@code -Dworker.checkpoint=MILLIS,ROWS} says (the benchmark runs the production cadence, 5000,1000).
     */
    private static Duration checkpointEvery() {
        String setting = System.getProperty("worker.checkpoint", "1000,100");
        return Duration.ofMillis(Long.parseLong(setting.split(",")[0].trim()));
    }

    private static int checkpointRows() {
        String setting = System.getProperty("worker.checkpoint", "1000,100");
        return Integer.parseInt(setting.split(",")[1].trim());
    }

    WorkerFixture(SandboxTarget sandbox, int rows, int rps, int rowsPerChunk) {
        this(sandbox, rows, rps, rowsPerChunk, null);
    }

    /** With {@code chunkStoreForWorker} the worker checkpoints through it (a test wraps the real store). */
    WorkerFixture(SandboxTarget sandbox, int rows, int rps, int rowsPerChunk, ChunkStore chunkStoreForWorker) {
        this(sandbox, rows, rps, rowsPerChunk, chunkStoreForWorker, RateCeiling.OFF);
    }

    /** With {@code ceiling} the job shares the operator's ceiling for the sandbox with every other job. */
    WorkerFixture(
            SandboxTarget sandbox,
            int rows,
            int rps,
            int rowsPerChunk,
            ChunkStore chunkStoreForWorker,
            RateCeiling ceiling) {
        this(sandbox.baseUrl(), rows, rps, rowsPerChunk, chunkStoreForWorker, ceiling);
    }

    /** Against any target at {@code targetUrl}. */
    WorkerFixture(
            URI targetUrl, int rows, int rps, int rowsPerChunk, ChunkStore chunkStoreForWorker, RateCeiling ceiling) {
        HttpTargetClient http = HttpTargetClient.create(Duration.ofSeconds(2), Duration.ofSeconds(10));
        target = new Target(targetUrl, TargetEncoding.FORM, "Stripe-Account", "Stripe-Notification-Suppression");
        runChunk = new RunChunk(
                        jobs,
                        chunkStoreForWorker == null ? chunks : chunkStoreForWorker,
                        new S3InputStorage(LocalClients.presigner(), LocalClients.s3(), LocalClients.BUCKET),
                        results,
                        EndpointRegistry.stripeDefaults(),
                        target,
                        new SendRows(
                                request -> {
                                    starts.add(Instant.now());
                                    return http.send(request);
                                },
                                RetryPolicy.DEFAULT,
                                clock,
                                new SignalWaiter(),
                                () -> ThreadLocalRandom.current().nextDouble(),
                                new SendRows.Settings(Math.max(20, rps * 2), checkpointEvery(), checkpointRows())),
                        clock,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5))
                .withCeiling(ceiling)
                .readingStatusAhead();

        String account = "acct_worker_" + Ids.random(8);
        String id = Ids.newJobId();
        Instant now = clock.instant();
        job = new BatchJob(
                id,
                account,
                false,
                now,
                "00000000-0000-4000-8000-000000000001",
                new JobSpec(
                        new EndpointRef("/v1/customers/:id", HttpMethod.POST),
                        rps,
                        Map.of(),
                        false,
                        NotificationScope.ALL,
                        "CUSTOMER_CSV_IMPORT"),
                new JobUpload(
                        InputFormat.JSONL,
                        null,
                        "inputs/" + account + "/" + id + "/input",
                        new PresignedUrl("http://unused", now)),
                new JobStage(JobStatus.IN_PROGRESS, 1, now, null),
                JobCounts.ZERO,
                JobOutcome.NONE);
        jobs.create(job);

        StringBuilder file = new StringBuilder();
        List<ChunkState> planned = new ArrayList<>();
        long chunkStart = 0;
        int chunkFirstRow = 0;
        for (int i = 0; i < rows; i++) {
            String customer = i % 10 == 9 ? "cus_missing_" + i : String.format("cus_%04d", i % 1000 + 1);
            file.append("{\"id\": \"row_")
                    .append(i)
                    .append("\", \"path_params\": {\"id\": \"")
                    .append(customer)
                    .append("\"}, \"params\": {\"metadata\": {\"batch\": \"it\"}}}\n");
            if ((i + 1) % rowsPerChunk == 0 || i == rows - 1) {
                long end = file.toString().getBytes(StandardCharsets.UTF_8).length;
                planned.add(ChunkState.planned(
                        id,
                        planned.size(),
                        new ChunkRange(chunkStart, end, chunkFirstRow, i + 1 - chunkFirstRow, chunkFirstRow + 1)));
                chunkStart = end;
                chunkFirstRow = i + 1;
            }
        }
        LocalClients.s3()
                .putObject(
                        b -> b.bucket(LocalClients.BUCKET).key(job.upload().key()),
                        RequestBody.fromString(file.toString()));
        chunks.plan(id, planned);
        chunkCount = planned.size();
    }

    /** A second worker for the same job, checkpointing through the real store (the first one "died"). */
    WorkerFixture resumeWithRealStore() {
        return new WorkerFixture(this);
    }

    private WorkerFixture(WorkerFixture dead) {
        this.job = dead.job;
        this.chunkCount = dead.chunkCount;
        this.runChunk = new RunChunk(
                jobs,
                chunks,
                new S3InputStorage(LocalClients.presigner(), LocalClients.s3(), LocalClients.BUCKET),
                results,
                EndpointRegistry.stripeDefaults(),
                dead.target,
                new SendRows(
                        HttpTargetClient.create(Duration.ofSeconds(2), Duration.ofSeconds(10)),
                        RetryPolicy.DEFAULT,
                        clock,
                        new SignalWaiter(),
                        () -> ThreadLocalRandom.current().nextDouble(),
                        new SendRows.Settings(200, Duration.ofSeconds(1), 100)),
                clock,
                Duration.ofSeconds(5));
        this.target = dead.target;
    }

    /** Runs every chunk one after the other, as the FIFO queue hands one job's chunks to one worker at a time. */
    List<RunChunk.Result> runAllChunks() throws InterruptedException {
        return runAllChunks(runChunk);
    }

    /** The same, with another worker (say, {@link RunChunk#withFixedRate()}). */
    List<RunChunk.Result> runAllChunks(RunChunk worker) throws InterruptedException {
        List<RunChunk.Result> outcomes = new ArrayList<>();
        for (int i = 0; i < chunkCount; i++) {
            outcomes.add(worker.run(job.accountId(), job.id(), i, () -> Duration.ofMinutes(10)));
        }
        return outcomes;
    }

    /**
     * Runs the job as the chunk worker's invocations do: one run from chunk 0 on through the next chunks, and a
     * follow-up run from wherever one stops short.
     */
    List<RunChunk.Result> runOnward() throws InterruptedException {
        if (chunks.dispatchedChunks(job.id()).isEmpty()) {
            chunks.recordDispatch(job.id(), chunkCount, "token-" + job.id());
        }
        List<RunChunk.Result> outcomes = new ArrayList<>();
        for (int chunk = 0; chunk < chunkCount; ) {
            RunChunk.Run run = runChunk.runOnward(job.accountId(), job.id(), chunk, () -> Duration.ofMinutes(10));
            outcomes.add(run.result());
            if (run.result() == RunChunk.Result.FINISHED) {
                chunk = run.chunk() + 1;
            } else if (run.result() == RunChunk.Result.CONTINUE) {
                chunk = run.chunk();
            } else {
                break;
            }
        }
        return outcomes;
    }

    JobCounts counts() {
        return jobs.find(job.accountId(), job.id()).orElseThrow().counts();
    }

    /** The row ids of the job's merged results file, in file order (a row there twice is there twice). */
    List<String> mergedRowIds() throws IOException {
        OutputFile merged = merge();
        List<String> ids = new ArrayList<>();
        try (InputStream in = new S3ResultStorage(LocalClients.s3(), LocalClients.BUCKET)
                .openPart(merged.key())
                .orElseThrow()) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    ids.add(MAPPER_FOR_IDS.readTree(line).get("id").asText());
                }
            }
        }
        return ids;
    }

    private static final ObjectMapper MAPPER_FOR_IDS = new ObjectMapper();

    OutputFile merge() {
        List<ChunkState> states = new ArrayList<>();
        for (int i = 0; i < chunkCount; i++) {
            states.add(chunks.find(job.id(), i).orElseThrow());
        }
        return results.merge(job.accountId(), job.id(), states);
    }

    /**
     * The most requests a one-second window of the target's recorded arrivals may hold for a worker held to
     * {@code rate}: the rate, plus a fifth (at least one; a tenth was passed with six builds on two cores). The worker's own starts are held to the rate exactly (each
     * test asserts that too); the arrivals are stamped by a server thread of this same loaded JVM, after network and
     * scheduling delays that bunch requests started evenly. Closing that gap on the wire is issue 16's first target.
     */
    static int atTheTarget(int rate) {
        return rate + Math.max(1, rate / 5);
    }

    /** The most instants in any one-second window [t, t+1s) that starts at one of them. */
    /**
     * Requests per second from the first arrival to the last: n requests spaced evenly at R/s span (n - 1)/R seconds,
     * so the rate is (n - 1) / span (0 for fewer than two).
     */
    static double arrivalRate(List<Instant> arrivals) {
        if (arrivals.size() < 2) {
            return 0;
        }
        double span = Duration.between(arrivals.get(0), arrivals.get(arrivals.size() - 1))
                        .toNanos()
                / 1e9;
        return span == 0 ? 0 : (arrivals.size() - 1) / span;
    }

    static int busiestOneSecondWindow(List<Instant> instants) {
        List<Instant> sorted = instants.stream().sorted().toList();
        int max = 0;
        int end = 0;
        for (int start = 0; start < sorted.size(); start++) {
            Instant limit = sorted.get(start).plusSeconds(1);
            while (end < sorted.size() && sorted.get(end).isBefore(limit)) {
                end++;
            }
            max = Math.max(max, end - start);
        }
        return max;
    }
}
