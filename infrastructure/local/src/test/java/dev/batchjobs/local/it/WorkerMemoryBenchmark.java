package dev.batchjobs.local.it;

import com.sun.net.httpserver.HttpServer;
import dev.batchjobs.aws.SqsChunkQueue;
import dev.batchjobs.domain.chunks.ChunkLane;
import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.chunks.ProcessChunkMessage;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.LocalCloudOptions;
import dev.batchjobs.local.SharedLocalCloud;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The chunk worker's peak memory as Lambda counts it (the whole process's resident set, not the heap): for each of the
 * template's two workers' JVM options, one job of N rows at R rps (20, the small lane's ceiling) runs through the
 * real {@code ChunkWorkerHandler} in a child JVM ({@link WorkerMemoryChild}) on the deployable
 * jar, against the local cloud's DynamoDB Local, S3Proxy, ElasticMQ and sandbox target, while this JVM reads the
 * child's {@code VmRSS} and {@code VmHWM} from {@code /proc} every 100 ms. Prints one table. See BENCHMARKS.md.
 *
 * <p>The child's command line is what Lambda's Java runtime passes for the function's memory M (85% of it as the
 * heap, 10% metaspace, 5% code cache, the serial collector); the function's {@code JAVA_TOOL_OPTIONS} (and the small
 * worker's {@code MALLOC_ARENA_MAX}) are in its environment, as the template sets them. {@code -Dworker.memory.runs}
 * chooses which workers run and which of the three caps each gets (see {@link #variants()}).
 */
public final class WorkerMemoryBenchmark {
    private WorkerMemoryBenchmark() {}

    /** One worker's options, as template.yaml gives them. */
    private record Worker(String function, int memoryMb, String toolOptions, boolean fewArenas, ChunkLane lane) {}

    /** A worker's options with some of the runtime's caps ({@code heap}, {@code metaspace}, {@code codecache}). */
    private record Variant(Worker worker, String caps) {}

    private record Measured(
            Variant variant, long peakKb, long hwmKb, long rows, double rate, double seconds, String end) {
        Worker worker() {
            return variant.worker();
        }
    }

    private static final List<Worker> WORKERS = List.of(
            new Worker(
                    "SmallChunkWorkerFunction",
                    memorySize("SmallChunkWorkerFunction"),
                    "-XX:+TieredCompilation -XX:TieredStopAtLevel=1",
                    true,
                    ChunkLane.SMALL),
            new Worker(
                    "ChunkWorkerFunction",
                    memorySize("ChunkWorkerFunction"),
                    "-XX:+TieredCompilation -XX:TieredStopAtLevel=4",
                    false,
                    ChunkLane.STANDARD));

    /** The function's MemorySize as the template sets it; {@code -Dworker.memory.FUNCTION=MB} measures another. */
    private static int memorySize(String function) {
        Integer asked = Integer.getInteger("worker.memory." + function);
        if (asked != null) {
            return asked;
        }
        try {
            String template = Files.readString(LocalCloudOptions.findTemplate(Path.of("")));
            Matcher m = Pattern.compile("\\n  " + function + ":\\n(?:    .*\\n|\\n)*?      MemorySize: (\\d+)")
                    .matcher(template);
            if (!m.find()) {
                throw new IllegalStateException("No MemorySize for " + function + " in the template");
            }
            return Integer.parseInt(m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int rps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rowsPerChunk = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        Path jar = Path.of("..", "..", "functions", "target", "functions-lambda.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the build's package phase first");
        }
        LocalCloud cloud = SharedLocalCloud.get();
        HttpServer awsStub = awsStub();
        String queueUrl = LocalClients.sqs()
                .createQueue(b -> b.queueName("worker-memory-" + System.nanoTime() + ".fifo")
                        .attributes(Map.of(
                                QueueAttributeName.FIFO_QUEUE, "true",
                                QueueAttributeName.VISIBILITY_TIMEOUT, "180")))
                .queueUrl();
        List<Measured> all = new ArrayList<>();
        for (Variant variant : variants()) {
            all.add(run(cloud, jar, awsStub, queueUrl, variant, rows, rps, rowsPerChunk));
        }
        System.out.printf(
                "%nworker memory: one job of %d rows at maximum_rps %d, %d rows a chunk, Java %s%n",
                rows, rps, rowsPerChunk, System.getProperty("java.version"));
        System.out.println(
                "| function | MemorySize | runtime caps | JAVA_TOOL_OPTIONS | MALLOC_ARENA_MAX | peak VmHWM MiB | peak VmRSS MiB (100 ms samples) "
                        + "| share of MemorySize | rows counted | achieved rps | invocation |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Measured m : all) {
            System.out.printf(
                    "| %s | %d MB | %s | %s | %s | %.1f | %.1f | %.2f | %d | %.2f | %.1f s, %s |%n",
                    m.worker().function(),
                    m.worker().memoryMb(),
                    m.variant().caps(),
                    m.worker().toolOptions(),
                    m.worker().fewArenas() ? "2" : "(unset)",
                    m.hwmKb() / 1024.0,
                    m.peakKb() / 1024.0,
                    m.hwmKb() / 1024.0 / m.worker().memoryMb(),
                    m.rows(),
                    m.rate(),
                    m.seconds(),
                    m.end());
        }
        awsStub.stop(0);
        System.exit(0);
    }

    /**
     * What runs, in order: {@code -Dworker.memory.runs}, as {@code small|big:cap+cap...} separated by commas. By default
     * the small worker with all three caps, then without the metaspace cap, then the big worker with all three.
     */
    private static List<Variant> variants() {
        String runs = System.getProperty(
                "worker.memory.runs",
                "small:heap+metaspace+codecache,small:heap+codecache,big:heap+metaspace+codecache");
        List<Variant> variants = new ArrayList<>();
        for (String run : runs.split(",")) {
            String[] parts = run.trim().split(":");
            variants.add(new Variant(WORKERS.get(parts[0].equals("small") ? 0 : 1), parts.length > 1 ? parts[1] : ""));
        }
        return variants;
    }

    /** What Lambda's Java runtime passes for a function of {@code memoryMb}: 85% heap, 10% metaspace, 5% code cache. */
    static List<String> runtimeOptions(int memoryMb, String caps) {
        long kb = memoryMb * 1024L;
        List<String> options = new ArrayList<>();
        if (caps.contains("heap")) {
            options.add("-XX:MaxHeapSize=" + kb * 85 / 100 + "k");
        }
        if (caps.contains("metaspace")) {
            options.add("-XX:MaxMetaspaceSize=" + kb * 10 / 100 + "k");
        }
        if (caps.contains("codecache")) {
            options.add("-XX:ReservedCodeCacheSize=" + kb * 5 / 100 + "k");
        }
        options.addAll(List.of("-XX:+UseSerialGC", "-Xshare:auto", "-Djava.net.preferIPv4Stack=true"));
        return options;
    }

    private static Measured run(
            LocalCloud cloud,
            Path jar,
            HttpServer awsStub,
            String queueUrl,
            Variant variant,
            int rows,
            int rps,
            int rowsPerChunk)
            throws Exception {
        Worker worker = variant.worker();
        WorkerFixture fixture = new WorkerFixture(cloud.sandbox(), rows, rps, rowsPerChunk);
        String jobId = fixture.job.id();
        fixture.chunks.recordDispatch(jobId, fixture.chunkCount, "token-" + jobId, worker.lane());
        ChunkMessage first = new ChunkMessage(fixture.job.accountId(), jobId, 0, worker.lane());
        LocalClients.sqs()
                .sendMessage(b -> b.queueUrl(queueUrl)
                        .messageBody(SqsChunkQueue.encode(first))
                        .messageGroupId(jobId)
                        .messageDeduplicationId(ProcessChunkMessage.firstMessageId(jobId, 0)));
        Message message = LocalClients.sqs()
                .receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(10))
                .messages()
                .get(0);

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(runtimeOptions(worker.memoryMb(), variant.caps()));
        command.addAll(List.of(
                "-classpath",
                jar + ":" + Path.of("target", "test-classes"),
                WorkerMemoryChild.class.getName(),
                message.body(),
                message.receiptHandle(),
                message.messageId()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment(cloud, awsStub, queueUrl, worker));
        Path log = Path.of("target", "worker-memory-" + worker.function() + "-" + variant.caps() + ".log");
        builder.redirectError(log.toFile());
        System.out.printf(
                "[%s %s] %s%n",
                worker.function(), variant.caps(), String.join(" ", command.subList(0, command.size() - 3)));

        int before = cloud.sandbox().arrivals().size();
        long started = System.nanoTime();
        Process child = builder.start();
        CountDownLatch done = new CountDownLatch(1);
        StringBuilder end = new StringBuilder("no end line");
        Thread reader = new Thread(() -> echo(child, log.resolveSibling(log.getFileName() + ".out"), done, end));
        reader.setDaemon(true);
        reader.start();

        long peak = 0;
        long hwm = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(rows / rps * 3L + 120);
        while (child.isAlive() && System.nanoTime() < deadline) {
            long[] now = status(child.pid());
            peak = Math.max(peak, now[0]);
            hwm = Math.max(hwm, now[1]);
            if (done.await(100, TimeUnit.MILLISECONDS)) {
                break;
            }
        }
        long[] last = status(child.pid());
        peak = Math.max(peak, last[0]);
        hwm = Math.max(hwm, last[1]);
        double seconds = (System.nanoTime() - started) / 1e9;
        child.getOutputStream().close();
        if (!child.waitFor(10, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor();
        }
        if (!child.isAlive() && done.getCount() > 0) {
            end.setLength(0);
            end.append("exited ").append(child.exitValue());
            if (Files.readString(log).contains("OutOfMemoryError: Metaspace")) {
                end.append(", OutOfMemoryError: Metaspace");
            }
            end.append(" (see ").append(log).append(")");
        }
        if (Files.readString(log).contains("CodeCache is full")) {
            end.append(", code cache full");
        }

        List<Instant> arrivals = cloud.sandbox().arrivals();
        arrivals = arrivals.subList(before, arrivals.size());
        double span = arrivals.size() < 2
                ? 0
                : Duration.between(arrivals.get(0), arrivals.get(arrivals.size() - 1))
                                .toNanos()
                        / 1e9;
        double rate = span == 0 ? 0 : (arrivals.size() - 1) / span;
        long counted = fixture.counts().succeeded() + fixture.counts().failed();
        System.out.printf(
                "[%s %s] peak VmHWM %.1f MiB, VmRSS %.1f MiB; %d rows counted at %.2f rps; %.1f s; %s%n",
                worker.function(), variant.caps(), hwm / 1024.0, peak / 1024.0, counted, rate, seconds, end);
        return new Measured(variant, peak, hwm, counted, rate, seconds, end.toString());
    }

    /** Copies the child's standard output to {@code out}, counting down {@code done} at its end line. */
    private static void echo(Process child, Path out, CountDownLatch done, StringBuilder end) {
        try (BufferedReader lines =
                        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter copy = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                copy.println(line);
                if (line.startsWith(WorkerMemoryChild.DONE)) {
                    synchronized (end) {
                        end.setLength(0);
                        end.append(
                                line.substring(WorkerMemoryChild.DONE.length()).trim());
                    }
                    done.countDown();
                }
            }
        } catch (IOException e) {
            // the child is gone
        }
    }

    /** VmRSS and VmHWM of a process, in kB (zeros once it is gone). */
    private static long[] status(long pid) {
        long[] kb = new long[2];
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    kb[0] = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("VmHWM:")) {
                    kb[1] = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // exited between two samples
        }
        return kb;
    }

    /** What the template gives the worker, pointed at the local cloud (as the local cloud points its functions). */
    private static Map<String, String> environment(LocalCloud cloud, HttpServer awsStub, String queueUrl, Worker w) {
        String stub = "http://127.0.0.1:" + awsStub.getAddress().getPort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("LANG", "en_US.UTF-8");
        env.put("JAVA_TOOL_OPTIONS", w.toolOptions());
        if (w.fewArenas()) {
            env.put("MALLOC_ARENA_MAX", "2");
        }
        env.put("AWS_LAMBDA_FUNCTION_NAME", w.function());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(w.memoryMb()));
        env.put("AWS_REGION", cloud.region());
        env.put("AWS_ACCESS_KEY_ID", cloud.credentials().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", cloud.credentials().secretAccessKey());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", cloud.dynamoDbEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_S3", cloud.s3Endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SQS", cloud.sqsEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_SFN", stub);
        env.put("AWS_ENDPOINT_URL_EVENTBRIDGE", stub);
        env.put("JOBS_TABLE", LocalClients.JOBS_TABLE);
        env.put("API_KEYS_TABLE", LocalClients.API_KEYS_TABLE);
        env.put("EVENTS_TABLE", LocalClients.EVENTS_TABLE);
        env.put("FAILURES_TABLE", LocalClients.FAILURES_TABLE);
        env.put("DESTINATIONS_TABLE", LocalClients.DESTINATIONS_TABLE);
        env.put("TARGET_LEASES_TABLE", LocalClients.TARGET_LEASES_TABLE);
        env.put("DATA_BUCKET", LocalClients.BUCKET);
        env.put("EVENT_BUS_NAME", "batchjobs-worker-memory");
        env.put("CHUNK_QUEUE_URL", queueUrl);
        env.put("SMALL_CHUNK_QUEUE_URL", queueUrl);
        env.put("WEBHOOK_QUEUE_URL", queueUrl);
        env.put("WEBHOOK_DEAD_LETTER_QUEUE_URL", queueUrl);
        env.put("TARGET_BASE_URL", cloud.sandbox().baseUrl().toString());
        env.put("TARGET_ENCODING", "form");
        return env;
    }

    /**
     * Step Functions and EventBridge for the child: every call answered with success (the task token of the job's
     * last chunk, the progress events), so the worker's whole invocation runs as on AWS.
     */
    private static HttpServer awsStub() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"FailedEntryCount\":0,\"Entries\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
