package dev.batchjobs.local.it;

import com.sun.net.httpserver.HttpServer;
import dev.batchjobs.aws.SqsChunkQueue;
import dev.batchjobs.domain.chunks.ChunkLane;
import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.chunks.ProcessChunkMessage;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.LocalCloudOptions;
import dev.batchjobs.local.SamTemplate;
import dev.batchjobs.local.SharedLocalCloud;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
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
 * heap, 10% metaspace, 5% code cache, the serial collector), started through the function's
 * {@code AWS_LAMBDA_EXEC_WRAPPER} (the JVM layer's script, from this checkout) when it names one; the function's
 * {@code JAVA_TOOL_OPTIONS}, {@code MALLOC_ARENA_MAX} and the wrapper's caps are in its environment, as the template
 * sets them. The child is held to the share of a CPU Lambda gives M ({@link LambdaCpuShare}), and its CPU time is read
 * from {@code /proc} too. {@code -Dworker.memory.runs} chooses which workers run and which of the three caps each gets
 * (see {@link #variants()}).
 */
public final class WorkerMemoryBenchmark {
    private WorkerMemoryBenchmark() {}

    /** The variables of a worker's environment that shape its JVM, as template.yaml sets them. */
    private static final List<String> JVM_VARIABLES = List.of(
            "JAVA_TOOL_OPTIONS",
            "MALLOC_ARENA_MAX",
            "AWS_LAMBDA_EXEC_WRAPPER",
            "BATCHJOBS_MAX_HEAP_SIZE",
            "BATCHJOBS_MAX_METASPACE_SIZE");

    /** One worker's options, as template.yaml gives them. */
    private record Worker(String function, int memoryMb, Map<String, String> jvm, ChunkLane lane) {
        String describe(String variable) {
            return jvm.getOrDefault(variable, "(unset)");
        }
    }

    /**
     * A worker's options with some of the runtime's caps ({@code heap}, {@code metaspace}, {@code codecache}), and
     * {@code nowrapper} to start the JVM without the function's {@code AWS_LAMBDA_EXEC_WRAPPER}.
     */
    private record Variant(Worker worker, String caps) {
        boolean wrapped() {
            return worker.jvm().containsKey("AWS_LAMBDA_EXEC_WRAPPER") && !caps.contains("nowrapper");
        }
    }

    /**
     * What a run measured. {@code initCpu}: the child's CPU seconds until the target saw its first request (JVM start,
     * the handler's clients); {@code steadyShare}: the CPU it used per second of wall time over the last 30 s of the
     * run, to hold against the share of a vCPU that Lambda gives the function's MemorySize (1,769 MB is one vCPU).
     */
    private record Measured(
            Variant variant,
            long peakKb,
            long hwmKb,
            long rows,
            double rate,
            double secondHalfRate,
            double seconds,
            double initCpu,
            double steadyShare,
            String cpuQuota,
            String end) {
        Worker worker() {
            return variant.worker();
        }
    }

    private static final List<Worker> WORKERS = List.of(
            worker("SmallChunkWorkerFunction", ChunkLane.SMALL), worker("ChunkWorkerFunction", ChunkLane.STANDARD));

    /**
     * The function's MemorySize and JVM variables as the template sets them; {@code -Dworker.memory.FUNCTION=MB}
     * measures another size, {@code -Dworker.memory.FUNCTION.VARIABLE=value} another value of one of the variables.
     */
    private static Worker worker(String function, ChunkLane lane) {
        SamTemplate.Function declared =
                SamTemplate.load(LocalCloudOptions.findTemplate(Path.of("")), "batchjobs", Map.of())
                        .functions()
                        .stream()
                        .filter(f -> f.logicalId().equals(function))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("No " + function + " in the template"));
        Map<String, String> jvm = new LinkedHashMap<>();
        for (String variable : JVM_VARIABLES) {
            String asked = System.getProperty("worker.memory." + function + "." + variable, "");
            String value = asked.isEmpty() ? declared.environment().get(variable) : asked;
            if (value != null) {
                jvm.put(variable, value);
            }
        }
        return new Worker(function, Integer.getInteger("worker.memory." + function, declared.memoryMb()), jvm, lane);
    }

    /**
     * The wrapper script a function names ({@code /opt/...}, from the layer), in this checkout: the layer's files are
     * {@code functions/src/main/jvm-layer}.
     */
    private static Path wrapperScript(String optPath) {
        Path script = Path.of("..", "..", "functions", "src", "main", "jvm-layer")
                .resolve(Path.of("/opt").relativize(Path.of(optPath)));
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException(optPath + " is not in the JVM layer's files: " + script);
        }
        return script;
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
        int rps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
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
                "| function | MemorySize | runtime caps | JAVA_TOOL_OPTIONS | MALLOC_ARENA_MAX | wrapper's heap / metaspace "
                        + "| peak VmHWM MiB | peak VmRSS MiB (100 ms samples) | share of MemorySize | rows counted "
                        + "| achieved rps (second half) | CPU s to the first request | CPU share, last 30 s | vCPU share Lambda gives "
                        + "| CPU quota here | invocation |");
        System.out.println(
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Measured m : all) {
            System.out.printf(
                    "| %s | %d MB | %s | %s | %s | %s | %.1f | %.1f | %.2f | %d | %.2f (%.2f) | %.1f | %.3f | %.3f | %s | %.1f s, %s |%n",
                    m.worker().function(),
                    m.worker().memoryMb(),
                    m.variant().caps(),
                    m.worker().describe("JAVA_TOOL_OPTIONS"),
                    m.worker().describe("MALLOC_ARENA_MAX"),
                    m.variant().wrapped()
                            ? m.worker().describe("BATCHJOBS_MAX_HEAP_SIZE") + " / "
                                    + m.worker().describe("BATCHJOBS_MAX_METASPACE_SIZE")
                            : "(no wrapper)",
                    m.hwmKb() / 1024.0,
                    m.peakKb() / 1024.0,
                    m.hwmKb() / 1024.0 / m.worker().memoryMb(),
                    m.rows(),
                    m.rate(),
                    m.secondHalfRate(),
                    m.initCpu(),
                    m.steadyShare(),
                    m.worker().memoryMb() / LambdaCpuShare.MB_PER_VCPU,
                    m.cpuQuota(),
                    m.seconds(),
                    m.end());
        }
        awsStub.stop(0);
        List<String> failed = Boolean.getBoolean("worker.memory.check") ? check(all, rows, rps) : List.of();
        failed.forEach(f -> System.out.println("worker memory check failed: " + f));
        System.exit(failed.isEmpty() ? 0 : 1);
    }

    /**
     * {@code -Dworker.memory.check=true} (CI's short run): every run that starts as the template has it (not a
     * {@code nowrapper} one) counts every row with no failed message, peaks under 90% of its MemorySize and holds at
     * least 0.95 of the rate.
     */
    private static List<String> check(List<Measured> all, int rows, int rps) {
        List<String> failed = new ArrayList<>();
        for (Measured m : all) {
            if (m.variant().caps().contains("nowrapper")) {
                continue;
            }
            String run = m.worker().function() + " " + m.variant().caps();
            if (m.rows() != rows || !m.end().startsWith("failed messages: 0")) {
                failed.add(run + ": " + m.rows() + " of " + rows + " rows counted, " + m.end());
            }
            if (m.hwmKb() / 1024.0 > 0.9 * m.worker().memoryMb()) {
                failed.add(String.format(
                        "%s: peak %.1f MiB, over 90%% of %d MB",
                        run, m.hwmKb() / 1024.0, m.worker().memoryMb()));
            }
            if (m.rate() < 0.95 * rps) {
                failed.add(String.format("%s: %.2f rps, under 0.95 of %d", run, m.rate(), rps));
            }
        }
        return failed;
    }

    /**
     * What runs, in order: {@code -Dworker.memory.runs}, as {@code small|big:cap+cap...} separated by commas. By default
     * the small worker with all three caps, through its wrapper and then without it, then the big worker.
     */
    private static List<Variant> variants() {
        String runs = System.getProperty(
                "worker.memory.runs",
                "small:heap+metaspace+codecache,small:heap+metaspace+codecache+nowrapper,big:heap+metaspace+codecache");
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
        if (variant.wrapped()) {
            // As Lambda starts it: the wrapper first, then the java command and the runtime's flags as its arguments.
            command.add("/bin/sh");
            command.add(
                    wrapperScript(worker.jvm().get("AWS_LAMBDA_EXEC_WRAPPER")).toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(runtimeOptions(worker.memoryMb(), variant.caps()));
        command.addAll(List.of(
                "-classpath",
                jar + ":" + Path.of("target", "test-classes"),
                WorkerMemoryChild.class.getName(),
                message.body(),
                message.receiptHandle(),
                message.messageId()));
        LambdaCpuShare cpuShare = "unlimited".equals(System.getProperty("worker.memory.cpu"))
                ? LambdaCpuShare.unlimited(worker.memoryMb())
                : LambdaCpuShare.forMemory(worker.memoryMb(), "worker-memory");
        ProcessBuilder builder = new ProcessBuilder(cpuShare.wrap(command));
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
        long initTicks = -1;
        List<long[]> cpu = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(rows / rps * 3L + 120);
        while (child.isAlive() && System.nanoTime() < deadline) {
            long[] now = status(child.pid());
            peak = Math.max(peak, now[0]);
            hwm = Math.max(hwm, now[1]);
            long ticks = cpuTicks(child.pid());
            if (ticks >= 0) {
                cpu.add(new long[] {System.nanoTime(), ticks});
                if (initTicks < 0 && cloud.sandbox().arrivals().size() > before) {
                    initTicks = ticks;
                }
            }
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
        cpuShare.close();
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
        double rate = WorkerFixture.arrivalRate(arrivals);
        double secondHalf = WorkerFixture.arrivalRate(arrivals.subList(arrivals.size() / 2, arrivals.size()));
        long counted = fixture.counts().succeeded() + fixture.counts().failed();
        System.out.printf(
                "[%s %s] second half of the arrivals at %.2f rps%n", worker.function(), variant.caps(), secondHalf);
        System.out.printf(
                "[%s %s] peak VmHWM %.1f MiB, VmRSS %.1f MiB; %d rows counted at %.2f rps; %.1f s; %s%n",
                worker.function(), variant.caps(), hwm / 1024.0, peak / 1024.0, counted, rate, seconds, end);
        double initCpu = initTicks < 0 ? Double.NaN : initTicks / TICKS_PER_SECOND;
        double steadyShare = steadyShare(cpu, Duration.ofSeconds(30));
        System.out.printf(
                "[%s %s] CPU: %.1f s until the first request, then %.3f of a core over the last 30 s%n",
                worker.function(), variant.caps(), initCpu, steadyShare);
        return new Measured(
                variant,
                peak,
                hwm,
                counted,
                rate,
                secondHalf,
                seconds,
                initCpu,
                steadyShare,
                cpuShare.describe(),
                end.toString());
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

    /** {@code USER_HZ}, the unit of {@code /proc/PID/stat}'s CPU times: 100 on Linux. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** A process's user and system CPU time so far, in ticks ({@code -1} once it is gone). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /** CPU seconds per wall second over the last {@code window} of the samples ({@code {nanoTime, ticks}}). */
    private static double steadyShare(List<long[]> samples, Duration window) {
        if (samples.size() < 2) {
            return Double.NaN;
        }
        long[] last = samples.get(samples.size() - 1);
        long[] first = samples.stream()
                .filter(s -> last[0] - s[0] <= window.toNanos())
                .findFirst()
                .orElse(samples.get(0));
        return last[0] == first[0]
                ? Double.NaN
                : (last[1] - first[1]) / TICKS_PER_SECOND / ((last[0] - first[0]) / 1e9);
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
        env.putAll(w.jvm());
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
