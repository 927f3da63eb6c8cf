package dev.batchjobs.local.it;

import com.sun.net.httpserver.HttpServer;
import dev.batchjobs.aws.DynamoDbChunkStore;
import dev.batchjobs.aws.DynamoDbFailureStore;
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
import dev.batchjobs.domain.PresignedUrl;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.chunks.RunChunk;
import dev.batchjobs.domain.input.InputScanner;
import dev.batchjobs.domain.pipeline.ErrorFiles;
import dev.batchjobs.domain.pipeline.FinishJob;
import dev.batchjobs.domain.pipeline.PrepareInput;
import dev.batchjobs.domain.target.RetryPolicy;
import dev.batchjobs.domain.target.SendRows;
import dev.batchjobs.domain.target.SignalWaiter;
import dev.batchjobs.domain.target.Target;
import dev.batchjobs.domain.target.TargetEncoding;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The load run (RELIABILITY.md): a file of N rows (1,000,000 by default) validated by the real Prepare step, run by
 * the real chunk worker against a fast target with the rate ceiling raised (the job's {@code maximum_rps} is set past
 * the API's 100, which only the API enforces), and merged by the real Finish step, on the local cloud with its data on
 * disk, in a JVM whose heap the profile caps at 256 MB. Checks every row once in the results and prints wall time,
 * rows/s per phase and the peak heap. {@code mvn -q -pl functions,infrastructure/local -Pload verify}.
 */
public final class MillionRowLoad {
    private static final AtomicLong PEAK_USED = new AtomicLong();

    private MillionRowLoad() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rps = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        String dataDir = System.getProperty("localcloud.dataDir");
        if (dataDir != null && Files.exists(Path.of(dataDir))) {
            try (Stream<Path> old = Files.walk(Path.of(dataDir))) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Thread sampler = new Thread(MillionRowLoad::sampleHeap, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();

        AtomicLong requests = new AtomicLong();
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        target.setExecutor(Executors.newFixedThreadPool(4));
        byte[] ok = "{\"object\":\"customer\"}".getBytes(StandardCharsets.UTF_8);
        target.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, ok.length);
            try (var out = exchange.getResponseBody()) {
                out.write(ok);
            }
        });
        target.start();

        Clock clock = Clock.systemUTC();
        DynamoDbJobStore jobs = new DynamoDbJobStore(
                LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.EVENTS_TABLE, clock);
        DynamoDbChunkStore chunks =
                new DynamoDbChunkStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.FAILURES_TABLE);
        S3ResultStorage storage = new S3ResultStorage(LocalClients.s3(), LocalClients.BUCKET);
        S3InputStorage inputs = new S3InputStorage(LocalClients.presigner(), LocalClients.s3(), LocalClients.BUCKET);
        String account = "acct_load_" + Ids.random(8);
        String jobId = Ids.newJobId();
        Instant now = clock.instant();
        BatchJob job = new BatchJob(
                jobId,
                account,
                false,
                now,
                "00000000-0000-4000-8000-000000000003",
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
                        "inputs/" + account + "/" + jobId + "/input",
                        new PresignedUrl("http://unused", now)),
                new JobStage(JobStatus.VALIDATING, 1, now, null),
                JobCounts.ZERO,
                JobOutcome.NONE);
        jobs.create(job);

        long t0 = System.nanoTime();
        Path file = Files.createTempFile("million-rows", ".jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < rows; i++) {
                out.write("{\"id\": \"row_" + i + "\", \"path_params\": {\"id\": \"cus_" + i
                        + "\"}, \"params\": {\"metadata\": {\"n\": \"" + i + "\"}}}\n");
            }
        }
        long size = Files.size(file);
        LocalClients.s3()
                .putObject(b -> b.bucket(LocalClients.BUCKET).key(job.upload().key()), RequestBody.fromFile(file));
        Files.delete(file);
        long t1 = System.nanoTime();

        PrepareInput.Prepared prepared = new PrepareInput(
                        jobs,
                        jobs,
                        chunks,
                        inputs,
                        storage,
                        EndpointRegistry.stripeDefaults(),
                        new InputScanner(InputScanner.Settings.DEFAULT),
                        clock,
                        Duration.ofSeconds(5))
                .prepare(account, jobId, size);
        long t2 = System.nanoTime();
        if (!prepared.proceed()) {
            throw new IllegalStateException("Validation refused the file: " + prepared.reason());
        }

        RunChunk worker = new RunChunk(
                jobs,
                chunks,
                inputs,
                new ResultFiles(storage),
                EndpointRegistry.stripeDefaults(),
                new Target(
                        URI.create("http://127.0.0.1:" + target.getAddress().getPort()),
                        TargetEncoding.FORM,
                        "Stripe-Account",
                        "Stripe-Notification-Suppression"),
                new SendRows(
                        HttpTargetClient.create(Duration.ofSeconds(5), Duration.ofSeconds(30)),
                        RetryPolicy.DEFAULT,
                        clock,
                        new SignalWaiter(),
                        () -> ThreadLocalRandom.current().nextDouble(),
                        new SendRows.Settings(256, Duration.ofSeconds(1), 100)),
                clock,
                Duration.ofSeconds(5));
        for (int chunk = 0; chunk < prepared.chunkCount(); chunk++) {
            while (worker.run(account, jobId, chunk, () -> Duration.ofMinutes(15)) != RunChunk.Result.FINISHED) {
                // a follow-up message would carry on from the last checkpoint
            }
        }
        long t3 = System.nanoTime();

        new FinishJob(
                        jobs,
                        chunks,
                        new ResultFiles(storage),
                        new ErrorFiles(
                                inputs,
                                new DynamoDbFailureStore(LocalClients.dynamoDb(), LocalClients.FAILURES_TABLE),
                                storage,
                                () -> Thread.sleep(200)),
                        clock)
                .finish(account, jobId, prepared.chunkCount(), FinishJob.Ending.CHUNKS_DONE);
        long t4 = System.nanoTime();

        BatchJob done = jobs.find(account, jobId).orElseThrow();
        BitSet seen = new BitSet(rows);
        long lines = 0;
        long duplicates = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                LocalClients.s3()
                        .getObject(b -> b.bucket(LocalClients.BUCKET)
                                .key(done.outcome().outputFile().key())),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; lines++) {
                int start = line.indexOf("\"id\":\"row_") + 10;
                int row = Integer.parseInt(line.substring(start, line.indexOf('"', start)));
                if (seen.get(row)) {
                    duplicates++;
                }
                seen.set(row);
            }
        }
        long t5 = System.nanoTime();
        target.stop(0);

        System.out.printf(
                "Load run: %,d rows, %.1f MB, maximum_rps %d, %d chunks, -Xmx %d MB%n",
                rows,
                size / 1e6,
                rps,
                prepared.chunkCount(),
                Runtime.getRuntime().maxMemory() >> 20);
        phase("generate + upload", t0, t1, rows);
        phase("validate + plan (Prepare)", t1, t2, rows);
        phase("run against the target (worker)", t2, t3, rows);
        phase("merge (Finish)", t3, t4, rows);
        phase("check the results file", t4, t5, rows);
        System.out.printf("  wall time %.1f s; requests at the target %,d%n", (t5 - t0) / 1e9, requests.get());
        System.out.printf(
                "  job %s: processed %,d, succeeded %,d, failed %,d; results lines %,d, distinct rows %,d, duplicates %d%n",
                done.status().wireName(),
                done.counts().processed(),
                done.counts().succeeded(),
                done.counts().failed(),
                lines,
                seen.cardinality(),
                duplicates);
        long poolPeaks = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed())
                .max()
                .orElse(0);
        System.out.printf(
                "  peak heap used (sampled every 50 ms) %d MB; largest heap pool peak %d MB%n",
                PEAK_USED.get() >> 20, poolPeaks >> 20);
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                System.out.printf(
                        "    %s peak %d MB%n",
                        pool.getName(), pool.getPeakUsage().getUsed() >> 20);
            }
        }
        boolean correct = done.status() == JobStatus.COMPLETE
                && lines == rows
                && duplicates == 0
                && seen.cardinality() == rows
                && done.counts().processed() == rows;
        System.out.println(correct ? "  every row once: yes" : "  every row once: NO");
        System.exit(correct ? 0 : 1);
    }

    private static void phase(String name, long from, long to, int rows) {
        double seconds = (to - from) / 1e9;
        System.out.printf("  %-34s %8.1f s %,12.0f rows/s%n", name, seconds, rows / seconds);
    }

    private static void sampleHeap() {
        var memory = ManagementFactory.getMemoryMXBean();
        while (true) {
            PEAK_USED.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
