package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.aws.DynamoDbChunkStore;
import dev.batchjobs.aws.DynamoDbFailureStore;
import dev.batchjobs.aws.DynamoDbJobStore;
import dev.batchjobs.aws.HttpTargetClient;
import dev.batchjobs.aws.S3InputStorage;
import dev.batchjobs.aws.S3ResultStorage;
import dev.batchjobs.aws.SqsChunkQueue;
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
import dev.batchjobs.domain.PresignedUrl;
import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.chunks.ChunkQueue;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ChunkStore;
import dev.batchjobs.domain.chunks.ProcessChunkMessage;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.chunks.ResultStorage;
import dev.batchjobs.domain.chunks.RunChunk;
import dev.batchjobs.domain.failures.FailureRecord;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.pipeline.DispatchChunks;
import dev.batchjobs.domain.pipeline.ErrorFiles;
import dev.batchjobs.domain.pipeline.FinishJob;
import dev.batchjobs.domain.target.RetryPolicy;
import dev.batchjobs.domain.target.SendRows;
import dev.batchjobs.domain.target.SignalWaiter;
import dev.batchjobs.domain.target.Target;
import dev.batchjobs.domain.target.TargetEncoding;
import dev.batchjobs.local.it.KillSwitch.Killed;
import dev.batchjobs.local.it.MisbehavingTarget.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One seeded run of a job through the worker pipeline under faults, on the shared local cloud's DynamoDB Local,
 * S3Proxy and ElasticMQ with the product's own adapters and use cases. This class plays the two managed services
 * whose retries are the point: Lambda's SQS event source (a killed invocation's message comes back; some messages are
 * delivered twice) and Step Functions (Dispatch or Finish fails once and is retried). Everything the seed decides —
 * the rows' scripts at the target, the kill points, the duplicate deliveries, the failing task — comes from one
 * {@link Random}, so a seed replays its run.
 */
final class FaultRun {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration RUN_DEADLINE = Duration.ofSeconds(120);

    /** What a run did, for the suite's figures. */
    record Figures(
            int rows,
            int chunks,
            int kills,
            int duplicateDeliveries,
            int concurrentDeliveries,
            int failedInvocations,
            int stepFailures,
            Map<KillSwitch.Point, Integer> killsByPoint) {}

    private final long seed;
    private final Random random;
    private final MisbehavingTarget target;
    private final Clock clock = Clock.systemUTC();
    private final DynamoDbJobStore jobs =
            new DynamoDbJobStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.EVENTS_TABLE, clock);
    private final DynamoDbChunkStore chunks =
            new DynamoDbChunkStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.FAILURES_TABLE);
    private final DynamoDbFailureStore failures =
            new DynamoDbFailureStore(LocalClients.dynamoDb(), LocalClients.FAILURES_TABLE);
    private final S3ResultStorage storage = new S3ResultStorage(LocalClients.s3(), LocalClients.BUCKET);
    private final S3InputStorage inputs =
            new S3InputStorage(LocalClients.presigner(), LocalClients.s3(), LocalClients.BUCKET);
    private final KillSwitch kills = new KillSwitch();

    FaultRun(long seed, MisbehavingTarget target) {
        this.seed = seed;
        this.random = new Random(seed);
        this.target = target;
    }

    Figures run() throws Exception {
        int rows = 30 + random.nextInt(50);
        int rowsPerChunk = 8 + random.nextInt(20);
        String account = "acct_faults_" + Ids.random(8);
        String jobId = Ids.newJobId();
        Map<String, Answer> expected = script(jobId, rows);
        BatchJob job = createJob(account, jobId);
        int chunkCount = upload(job, rows, rowsPerChunk);
        for (int i = 0, armed = 1 + random.nextInt(3); i < armed; i++) {
            KillSwitch.Point point = KillSwitch.Point.values()[random.nextInt(KillSwitch.Point.values().length)];
            kills.arm(point, 1 + random.nextInt(3));
        }
        double duplicateRate = 0.15 + random.nextDouble() * 0.25;
        double concurrentRate = random.nextDouble() * 0.2;
        boolean dispatchFailsOnce = random.nextBoolean();

        String queueUrl = LocalClients.sqs()
                .createQueue(b -> b.queueName("faults-" + Ids.random(10) + ".fifo")
                        .attributesWithStrings(Map.of("FifoQueue", "true", "VisibilityTimeout", "60")))
                .queueUrl();
        SqsChunkQueue queue = new SqsChunkQueue(LocalClients.sqs(), queueUrl);
        AtomicReference<String> token = new AtomicReference<>();
        int stepFailures = 0;

        // Step Functions: Dispatch, retried when it fails once part-way through.
        ChunkQueue dispatching = dispatchFailsOnce ? failingOnceAfterItsSend(queue) : queue;
        DispatchChunks dispatch = new DispatchChunks(chunks, dispatching, token::set);
        try {
            dispatch.dispatch(account, jobId, chunkCount, "token-" + jobId);
        } catch (IllegalStateException taskFailed) {
            stepFailures++;
            dispatch.dispatch(account, jobId, chunkCount, "token-" + jobId);
        }

        // Lambda's event source: one message of the job at a time (FIFO), until the last settle sends the token.
        ChunkStore workerChunks = kills.around(chunks);
        ResultStorage workerStorage = kills.around(storage);
        ProcessChunkMessage worker =
                new ProcessChunkMessage(worker(workerChunks, workerStorage), chunks, queue, token::set);
        int killed = 0;
        int duplicates = 0;
        int concurrent = 0;
        int invocationErrors = 0;
        Instant deadline = Instant.now().plus(RUN_DEADLINE);
        while (token.get() == null) {
            assertThat(Instant.now())
                    .as("seed %d: the job's chunks settle in time", seed)
                    .isBefore(deadline);
            List<Message> received = LocalClients.sqs()
                    .receiveMessage(
                            b -> b.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(1))
                    .messages();
            if (received.isEmpty()) {
                continue;
            }
            Message message = received.get(0);
            ChunkMessage chunk = SqsChunkQueue.decode(message.body());
            Instant invocationEnds = Instant.now().plusMillis(1500 + random.nextInt(3000));
            Supplier<Duration> remaining = () -> Duration.between(Instant.now(), invocationEnds);
            boolean twoAtOnce = random.nextDouble() < concurrentRate;
            CompletableFuture<Throwable> other = twoAtOnce
                    ? CompletableFuture.supplyAsync(() -> invoke(worker, chunk, remaining))
                    : CompletableFuture.completedFuture(null);
            Throwable failed = invoke(worker, chunk, remaining);
            Throwable otherFailed = other.join();
            if (twoAtOnce) {
                // Its visibility timeout ran out while the first worker still held it: two workers at once.
                concurrent++;
                failed = failed == null ? otherFailed : failed;
            }
            if (failed != null) {
                if (failed instanceof Killed) {
                    killed++;
                } else {
                    invocationErrors++;
                }
                redeliver(queueUrl, message);
                continue;
            }
            if (random.nextDouble() < duplicateRate) {
                duplicates++;
                redeliver(queueUrl, message);
            } else {
                LocalClients.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        LocalClients.sqs().deleteQueue(b -> b.queueUrl(queueUrl));

        // Step Functions: Finish, retried after its task failed (the merge was killed, or it threw).
        FinishJob finish = new FinishJob(
                jobs,
                chunks,
                new ResultFiles(workerStorage),
                new ErrorFiles(inputs, failures, storage, () -> Thread.sleep(50)),
                clock);
        for (int attempt = 1; ; attempt++) {
            try {
                finish.finish(account, jobId, chunkCount, FinishJob.Ending.CHUNKS_DONE);
                break;
            } catch (Killed | RuntimeException taskFailed) {
                assertThat(attempt)
                        .as("seed %d: Finish succeeds on a retry", seed)
                        .isLessThan(3);
                stepFailures++;
            }
        }
        check(account, jobId, expected);
        Map<KillSwitch.Point, Integer> byPoint = new HashMap<>();
        kills.fired().forEach((p, n) -> byPoint.put(p, n.get()));
        return new Figures(rows, chunkCount, killed, duplicates, concurrent, invocationErrors, stepFailures, byPoint);
    }

    /** Each row's script at the target: its transient faults (at most 3, fewer than the retry policy's 5 tries). */
    private Map<String, Answer> script(String jobId, int rows) {
        Map<String, Answer> expected = new HashMap<>();
        boolean hugeUsed = false;
        for (int i = 0; i < rows; i++) {
            List<MisbehavingTarget.Fault> faults = new ArrayList<>();
            if (random.nextDouble() < 0.3) {
                for (int f = 0, n = 1 + random.nextInt(3); f < n; f++) {
                    faults.add(
                            MisbehavingTarget.Fault.values()[random.nextInt(MisbehavingTarget.Fault.values().length)]);
                }
            }
            double roll = random.nextDouble();
            Answer answer = roll < 0.15 ? Answer.REFUSED : roll < 0.25 ? Answer.NOT_JSON : Answer.OK;
            if (!hugeUsed && roll > 0.97) {
                answer = Answer.FIVE_MEGABYTES;
                hugeUsed = true;
            }
            target.script(jobId + ":row_" + i, new MisbehavingTarget.Script(faults, answer));
            expected.put("row_" + i, answer);
        }
        return expected;
    }

    private RunChunk worker(ChunkStore workerChunks, ResultStorage workerStorage) {
        HttpTargetClient http = HttpTargetClient.create(Duration.ofSeconds(1), Duration.ofMillis(400));
        return new RunChunk(
                jobs,
                workerChunks,
                inputs,
                new ResultFiles(workerStorage),
                EndpointRegistry.stripeDefaults(),
                new Target(target.baseUrl(), TargetEncoding.FORM, "Stripe-Account", "Stripe-Notification-Suppression"),
                new SendRows(
                        kills.around(http),
                        new RetryPolicy(5, Duration.ofMillis(20), Duration.ofSeconds(1)),
                        clock,
                        new SignalWaiter(),
                        new Random(random.nextLong())::nextDouble,
                        new SendRows.Settings(16, Duration.ofMillis(200), 5)),
                clock,
                Duration.ofMillis(500));
    }

    private BatchJob createJob(String account, String id) {
        Instant now = clock.instant();
        BatchJob job = new BatchJob(
                id,
                account,
                false,
                now,
                "00000000-0000-4000-8000-000000000002",
                new JobSpec(
                        new EndpointRef("/v1/customers/:id", HttpMethod.POST),
                        500,
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
        return job;
    }

    /** Uploads the rows and plans them in chunks by byte range, as Prepare does. */
    private int upload(BatchJob job, int rows, int rowsPerChunk) {
        StringBuilder file = new StringBuilder();
        List<ChunkState> planned = new ArrayList<>();
        long chunkStart = 0;
        int chunkFirstRow = 0;
        for (int i = 0; i < rows; i++) {
            file.append("{\"id\": \"row_")
                    .append(i)
                    .append("\", \"path_params\": {\"id\": \"cus_")
                    .append(i);
            file.append("\"}, \"params\": {\"metadata\": {\"seed\": \"")
                    .append(seed)
                    .append("\"}}}\n");
            if ((i + 1) % rowsPerChunk == 0 || i == rows - 1) {
                long end = file.toString().getBytes(StandardCharsets.UTF_8).length;
                planned.add(ChunkState.planned(
                        job.id(),
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
        chunks.plan(job.id(), planned);
        return planned.size();
    }

    /** One invocation of the worker: what killed it or made it fail, or null when it returned. */
    private static Throwable invoke(ProcessChunkMessage worker, ChunkMessage chunk, Supplier<Duration> remaining) {
        try {
            worker.handle(chunk, remaining);
            return null;
        } catch (Killed | RuntimeException failed) {
            return failed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    /**
     * Dispatch sends one message (the first chunk's; each worker queues the next), and its task fails once after the
     * send landed, as when its answer is lost: the retry sends the same deduplication id, which the queue drops.
     */
    private static ChunkQueue failingOnceAfterItsSend(ChunkQueue real) {
        boolean[] failed = {false};
        return (message, deduplicationId) -> {
            real.send(message, deduplicationId);
            if (!failed[0]) {
                failed[0] = true;
                throw new IllegalStateException("States.TaskFailed: Dispatch lost its connection");
            }
        };
    }

    private static void redeliver(String queueUrl, Message message) {
        LocalClients.sqs()
                .changeMessageVisibility(b -> b.queueUrl(queueUrl)
                        .receiptHandle(message.receiptHandle())
                        .visibilityTimeout(0));
    }

    /** Every row once in the results with its scripted status; counters, failures and error file agree. */
    private void check(String account, String jobId, Map<String, Answer> expected) throws Exception {
        BatchJob job = jobs.find(account, jobId).orElseThrow();
        String as = "seed " + seed;
        assertThat(job.status()).as(as).isEqualTo(JobStatus.COMPLETE);
        byte[] output = LocalClients.s3()
                .getObjectAsBytes(b -> b.bucket(LocalClients.BUCKET)
                        .key(job.outcome().outputFile().key()))
                .asByteArray();
        Map<String, Integer> seen = new HashMap<>();
        List<String> failedIds = new ArrayList<>();
        for (String line : new String(output, StandardCharsets.UTF_8).split("\n")) {
            JsonNode result = MAPPER.readTree(line);
            String id = result.get("id").asText();
            assertThat(seen.put(id, result.get("status").asInt()))
                    .as(as + ": " + id + " once")
                    .isNull();
            if (result.get("status").asInt() >= 300) {
                failedIds.add(id);
            }
        }
        Map<String, Integer> wanted = new HashMap<>();
        expected.forEach((id, answer) -> wanted.put(id, answer.status));
        assertThat(seen).as(as).isEqualTo(wanted);
        assertThat(job.outcome().outputFile().size()).as(as).isEqualTo(output.length);
        assertThat(job.counts().processed()).as(as).isEqualTo(expected.size());
        assertThat(job.counts().failed()).as(as).isEqualTo(failedIds.size());
        assertThat(job.counts().succeeded()).as(as).isEqualTo(expected.size() - failedIds.size());
        List<String> listed = failures.page(jobId, 0, 1000).stream()
                .map(FailureRecord::itemIdentifier)
                .toList();
        assertThat(listed).as(as).containsExactlyInAnyOrderElementsOf(failedIds);
        if (failedIds.isEmpty()) {
            assertThat(job.outcome().errorFile()).as(as).isNull();
        } else {
            String errors = new String(
                    LocalClients.s3()
                            .getObjectAsBytes(b -> b.bucket(LocalClients.BUCKET)
                                    .key(job.outcome().errorFile().key()))
                            .asByteArray(),
                    StandardCharsets.UTF_8);
            assertThat(errors.lines()).as(as).hasSize(failedIds.size());
        }
    }
}
