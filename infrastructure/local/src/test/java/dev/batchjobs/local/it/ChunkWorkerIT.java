package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.batchjobs.domain.JobCounts;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.NotificationScope;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.PresignedUrl;
import dev.batchjobs.domain.chunks.ChunkRange;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.chunks.RunChunk;
import dev.batchjobs.domain.dispatch.ChunkRunner;
import dev.batchjobs.domain.dispatch.RetryPolicy;
import dev.batchjobs.domain.dispatch.SignalWaiter;
import dev.batchjobs.domain.dispatch.Target;
import dev.batchjobs.domain.dispatch.TargetEncoding;
import dev.batchjobs.local.sandbox.SandboxTarget;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A chunk worker for real: rows read by ranged GET from S3Proxy, requests over HTTP to the sandbox target,
 * checkpoints in DynamoDB Local, results parts in S3Proxy. The rate is measured where requests land.
 */
class ChunkWorkerIT {
    private static final int ROWS = 150;
    private static final int RPS = 50;

    private final Clock clock = Clock.systemUTC();
    private final DynamoDbJobStore jobs = new DynamoDbJobStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, clock);
    private final DynamoDbChunkStore chunks = new DynamoDbChunkStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE);
    private final ResultFiles results = new ResultFiles(new S3ResultStorage(LocalClients.s3(), LocalClients.BUCKET));
    private final HttpTargetClient http = HttpTargetClient.create(Duration.ofSeconds(2), Duration.ofSeconds(10));
    /** When each request left the worker: what the pacer controls exactly. */
    private final List<Instant> starts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private SandboxTarget sandbox;
    private RunChunk runChunk;
    private BatchJob job;

    @BeforeEach
    void aJobInProgressWithTwoChunks() throws Exception {
        sandbox = SandboxTarget.start(0);
        Target target = new Target(sandbox.baseUrl(), TargetEncoding.FORM, Optional.of("Bearer sk_test_sandbox"),
                "Stripe-Account", "Stripe-Notification-Suppression");
        runChunk = new RunChunk(jobs, chunks,
                new S3InputStorage(LocalClients.presigner(), LocalClients.s3(), LocalClients.BUCKET), results,
                EndpointRegistry.stripeDefaults(), target,
                new ChunkRunner(request -> {
                    starts.add(Instant.now());
                    return http.send(request);
                }, RetryPolicy.DEFAULT,
                        clock, new SignalWaiter(), () -> ThreadLocalRandom.current().nextDouble(),
                        new ChunkRunner.Settings(200, Duration.ofSeconds(1), 50)),
                clock, Duration.ofSeconds(5));

        String account = "acct_worker_" + Ids.random(8);
        String id = Ids.newJobId();
        Instant now = clock.instant();
        job = new BatchJob(id, account, false, now, new EndpointRef("/v1/customers/:id", HttpMethod.POST), RPS, Map.of(),
                false, NotificationScope.ALL, JobStatus.IN_PROGRESS, 1, now, "inputs/" + account + "/" + id + "/input",
                new PresignedUrl("http://unused", now), JobCounts.ZERO, null, null, null);
        jobs.create(job);

        StringBuilder file = new StringBuilder();
        long split = 0;
        for (int i = 0; i < ROWS; i++) {
            if (i == ROWS / 2) {
                split = file.toString().getBytes(StandardCharsets.UTF_8).length;
            }
            String customer = i % 10 == 9 ? "cus_missing_" + i : String.format("cus_%04d", i + 1);
            file.append("{\"id\": \"row_").append(i).append("\", \"path_params\": {\"id\": \"").append(customer)
                    .append("\"}, \"params\": {\"metadata\": {\"batch\": \"it\"}}}\n");
        }
        byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
        LocalClients.s3().putObject(b -> b.bucket(LocalClients.BUCKET).key(job.inputKey()), RequestBody.fromBytes(bytes));
        chunks.plan(id, List.of(
                ChunkState.planned(id, 0, new ChunkRange(0, split, 0, ROWS / 2)),
                ChunkState.planned(id, 1, new ChunkRange(split, bytes.length, ROWS / 2, ROWS - ROWS / 2))));
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void everyRowReachesTheTargetOnceAtNoMoreThanTheRateAndIsCountedOnce() throws Exception {
        assertThat(runChunk.run(job.accountId(), job.id(), 0, () -> Duration.ofMinutes(10))).isEqualTo(RunChunk.Result.FINISHED);
        assertThat(runChunk.run(job.accountId(), job.id(), 1, () -> Duration.ofMinutes(10))).isEqualTo(RunChunk.Result.FINISHED);
        int arrivals = sandbox.arrivals().size();
        // A redelivered message for a finished chunk sends nothing.
        assertThat(runChunk.run(job.accountId(), job.id(), 1, () -> Duration.ofMinutes(10))).isEqualTo(RunChunk.Result.FINISHED);

        assertThat(arrivals).isEqualTo(ROWS);
        assertThat(sandbox.arrivals()).hasSize(ROWS);
        assertThat(busiestOneSecondWindow(starts)).isLessThanOrEqualTo(RPS);
        JobCounts counts = jobs.find(job.accountId(), job.id()).orElseThrow().counts();
        assertThat(counts.succeeded()).isEqualTo(ROWS - ROWS / 10);
        assertThat(counts.failed()).isEqualTo(ROWS / 10);

        OutputFile output = results.merge(job.accountId(), job.id(),
                List.of(chunks.find(job.id(), 0).orElseThrow(), chunks.find(job.id(), 1).orElseThrow()));
        String text = new String(LocalClients.s3().getObjectAsBytes(b -> b.bucket(LocalClients.BUCKET).key(output.key()))
                .asByteArray(), StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        text.lines().forEach(line -> ids.add(line.replaceAll(".*\"id\":\"(row_\\d+)\".*", "$1")));
        assertThat(ids).hasSize(ROWS).doesNotHaveDuplicates();
        assertThat(text).contains("No such customer: 'cus_missing_9'").contains("\"status\":404");
    }

    private static int busiestOneSecondWindow(List<Instant> arrivals) {
        int max = 0;
        for (Instant start : arrivals) {
            int count = 0;
            for (Instant other : arrivals) {
                if (!other.isBefore(start) && other.isBefore(start.plusSeconds(1))) {
                    count++;
                }
            }
            max = Math.max(max, count);
        }
        return max;
    }
}
