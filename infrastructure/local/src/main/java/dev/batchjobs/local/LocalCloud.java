package dev.batchjobs.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.IssuedApiKey;
import dev.batchjobs.local.sandbox.SandboxTarget;
import dev.batchjobs.wiring.Wiring;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole product in one JVM, with no Docker and no AWS account: DynamoDB Local, ElasticMQ and S3Proxy
 * in-process, the tables, bucket and queues that template.yaml declares, and the template's HTTP routes
 * served by the real handler classes through the real AWS SDK clients.
 */
public final class LocalCloud implements AutoCloseable {
    /** The account the start-up key belongs to. */
    public static final String LOCAL_ACCOUNT = "acct_local";
    /** The local cloud's parameter for the target's Authorization header, kept in its Secrets Manager. */
    public static final String TARGET_AUTHORIZATION = "TargetAuthorization";

    private final LocalEmulators emulators;
    private final LocalHttpApi api;
    private final LocalSchedules scheduler;
    private final LocalSqsEventSources eventSources;
    private final SqsClient eventSourceSqs;
    private final SandboxTarget sandbox;
    private final Orchestration orchestration;
    private final LocalSecretsManager secrets;
    private final AtomicBoolean losingUploadEvents;
    private final FunctionLogs functionLogs;

    private final List<Wiring> wirings;
    private final SdkHttpClient httpClient;
    private final String apiKey;
    private final Map<String, String> queueUrls;
    private final String apiKeysTable;

    private LocalCloud(
            LocalEmulators emulators,
            LocalHttpApi api,
            LocalSchedules scheduler,
            LocalSqsEventSources eventSources,
            SqsClient eventSourceSqs,
            SandboxTarget sandbox,
            List<Wiring> wirings,
            SdkHttpClient httpClient,
            String apiKey,
            Map<String, String> queueUrls,
            Orchestration orchestration,
            LocalSecretsManager secrets,
            AtomicBoolean losingUploadEvents,
            FunctionLogs functionLogs,
            String apiKeysTable) {
        this.functionLogs = functionLogs;
        this.apiKeysTable = apiKeysTable;
        this.orchestration = orchestration;
        this.secrets = secrets;
        this.losingUploadEvents = losingUploadEvents;
        this.scheduler = scheduler;
        this.eventSources = eventSources;
        this.eventSourceSqs = eventSourceSqs;
        this.sandbox = sandbox;
        this.emulators = emulators;
        this.api = api;
        this.wirings = wirings;
        this.httpClient = httpClient;
        this.apiKey = apiKey;
        this.queueUrls = queueUrls;
    }

    public static LocalCloud start(LocalCloudOptions options) throws Exception {
        // S3's event notifications go to the event bus, which exists once the template is read.
        AtomicReference<Consumer<JsonNode>> s3Events = new AtomicReference<>(event -> {});
        LocalEmulators emulators =
                LocalEmulators.start(options, e -> s3Events.get().accept(e));

        // Jobs run against the sandbox target unless the operator names another.
        SandboxTarget sandbox = SandboxTarget.start(0);
        Map<String, String> parameters = new LinkedHashMap<>(options.parameters());
        parameters.putIfAbsent("TargetBaseUrl", sandbox.baseUrl().toString());
        // Webhook receivers on this machine (the README's tour, the tests) are allowed here, and only here.
        parameters.putIfAbsent("DestinationAllowedHosts", "localhost,127.0.0.1");
        // The target's credential lives in a secret, as on AWS: TargetAuthorization=<header value> is the local
        // cloud's own shortcut, stored in its Secrets Manager and handed to the template by ARN.
        LocalSecretsManager secrets = LocalSecretsManager.start();
        String authorization = parameters.remove(TARGET_AUTHORIZATION);
        if (authorization != null) {
            parameters.put(
                    "TargetAuthorizationSecretArn", secrets.put("batchjobs-target-authorization", authorization));
        }
        SamTemplate template = SamTemplate.load(options.template(), options.stackName(), parameters);
        // Every SQS event source's pollers hold a connection for their long poll (two workers' 2 × 50 and the rest):
        // the client's default of 50 would leave some pollers waiting for one, and their queue unread meanwhile.
        int pollers = template.functions().stream()
                .flatMap(f -> f.sqsSources().stream())
                .mapToInt(source -> source.maximumConcurrency().orElse(TemplateFunctions.DEFAULT_POLLERS))
                .sum();
        SdkHttpClient httpClient =
                Apache5HttpClient.builder().maxConnections(pollers + 50).build();
        Map<String, String> queueUrls = emulators.provision(template, httpClient);
        template.useQueueUrls(queueUrls);

        SqsClient eventSourceSqs = emulators.sqsClient(httpClient);
        Orchestration orchestration = Orchestration.start(template, eventSourceSqs);
        Map<String, String> overrides = Map.of(
                "AWS_ENDPOINT_URL_SFN", orchestration.sfnEndpoint().toString(),
                "AWS_ENDPOINT_URL_EVENTBRIDGE", orchestration.busEndpoint().toString(),
                "AWS_REGION", LocalAws.REGION,
                "AWS_ACCESS_KEY_ID", LocalAws.ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", LocalAws.SECRET_ACCESS_KEY,
                "AWS_ENDPOINT_URL_DYNAMODB", emulators.dynamoDbEndpoint().toString(),
                "AWS_ENDPOINT_URL_S3", emulators.s3Endpoint().toString(),
                "AWS_ENDPOINT_URL_SQS", emulators.sqsEndpoint().toString(),
                "AWS_ENDPOINT_URL_SECRETSMANAGER", secrets.endpoint().toString());
        TemplateFunctions functions = TemplateFunctions.build(template, overrides, options.scheduleEvery());
        LocalHttpApi api = LocalHttpApi.start(options.apiPort(), functions.routes(), functions.fallback());
        LocalSchedules scheduler = LocalSchedules.start(functions.schedules());
        orchestration.startStateMachines(
                template, options.template().getParent(), functions.taskFunctions(), options.waitScale());
        AtomicBoolean losingUploadEvents = new AtomicBoolean();
        s3Events.set(event -> {
            if (!losingUploadEvents.get()) {
                orchestration.eventBridge().put(event);
            }
        });
        LocalSqsEventSources eventSources = LocalSqsEventSources.start(eventSourceSqs, functions.sqsMappings());
        Wiring anyWiring = functions.anyWiring();
        IssuedApiKey key = options.apiKey().isPresent()
                ? anyWiring.apiKeys().register(LOCAL_ACCOUNT, options.apiKey().get())
                : anyWiring.apiKeys().issue(LOCAL_ACCOUNT, false);
        return new LocalCloud(
                emulators,
                api,
                scheduler,
                eventSources,
                eventSourceSqs,
                sandbox,
                functions.wirings(),
                httpClient,
                key.secret(),
                queueUrls,
                orchestration,
                secrets,
                losingUploadEvents,
                functions.logs(),
                String.valueOf(template.resources("AWS::DynamoDB::Table")
                        .get("ApiKeysTable")
                        .get("TableName")));
    }

    /**
     * Loses (true) or delivers again (false) S3's "Object Created" events, as a late or lost notification would:
     * what the sweeper's check of the object is for. A test's knob; the product never calls it.
     */
    public void loseUploadEvents(boolean lose) {
        losingUploadEvents.set(lose);
    }

    /** What each function (by logical id) wrote to its standard output, as its log group would hold it. */
    public FunctionLogs functionLogs() {
        return functionLogs;
    }

    public URI apiBaseUrl() {
        return api.baseUrl();
    }

    public URI dynamoDbEndpoint() {
        return emulators.dynamoDbEndpoint();
    }

    public URI s3Endpoint() {
        return emulators.s3Endpoint();
    }

    public URI sqsEndpoint() {
        return emulators.sqsEndpoint();
    }

    public String region() {
        return LocalAws.REGION;
    }

    public AwsBasicCredentials credentials() {
        return LocalAws.credentials();
    }

    /** A key of {@link #LOCAL_ACCOUNT}, ready to use. */
    public String apiKey() {
        return apiKey;
    }

    /** A new key of another account: what a test needs to show that accounts never see each other. */
    public String issueApiKey(String accountId) {
        return wirings.get(0).apiKeys().issue(accountId, false).secret();
    }

    public Map<String, String> queueUrls() {
        return queueUrls;
    }

    /** The sandbox target jobs run against unless {@code TargetBaseUrl} names another. */
    public SandboxTarget sandbox() {
        return sandbox;
    }

    /** What an operator needs to know, printed on start. */
    public String banner() {
        return String.join(
                System.lineSeparator(),
                "Batch Jobs API local cloud is ready.",
                "  API base URL:  " + apiBaseUrl(),
                "  API key:       " + apiKey + "   (account " + LOCAL_ACCOUNT + ")",
                "  Sandbox target: " + sandbox.baseUrl()
                        + "   (customers cus_0001-cus_1000, subscriptions sub_0001-sub_1000)",
                "  OpenAPI:       " + apiBaseUrl() + "/openapi.yaml   (no key needed; nor for /healthz)",
                "  Dashboard:     " + apiBaseUrl() + "/dashboard   (sign in with the API key)",
                "  Webhook inbox: " + apiBaseUrl() + WebhookInbox.PREFIX
                        + "<name>   (an event destination URL; GET it to see what arrived)",
                "",
                "  Emulators (credentials " + LocalAws.ACCESS_KEY_ID + " / " + LocalAws.SECRET_ACCESS_KEY + ", region "
                        + LocalAws.REGION + "):",
                "    AWS_ENDPOINT_URL_DYNAMODB=" + dynamoDbEndpoint(),
                "    AWS_ENDPOINT_URL_S3=" + s3Endpoint(),
                "    AWS_ENDPOINT_URL_SQS=" + sqsEndpoint(),
                "",
                "  Try: curl -s " + apiBaseUrl() + "/v2/core/batch_jobs -H \"Authorization: Bearer " + apiKey
                        + "\" -H \"Stripe-Version: 2026-04-22.preview\"",
                "  Stop with Ctrl-C.");
    }

    /**
     * Writes {@code env} in the data directory: {@code BATCHJOBS_API_URL} and {@code BATCHJOBS_API_KEY} as
     * {@code export} lines, so a shell takes this start's settings with {@code . .local-cloud/env} (owner-only: it
     * holds a key), and the DynamoDB endpoint and API keys table the banner's emulators serve, as
     * {@code BATCHJOBS_DYNAMODB_ENDPOINT} and {@code BATCHJOBS_API_KEYS_TABLE}: the operator's ApiKeysCommand reads
     * them (or this file). They are not AWS_* names, so loading the file leaves the shell's AWS settings alone.
     */
    public Path writeShellSettings(Path dataDir) throws IOException {
        Path env = dataDir.resolve("env");
        Files.createDirectories(dataDir);
        // Created owner-only before the key is written, so no other user can read it even for a moment. A file system
        // without POSIX permissions (Windows) gets the directory's access rules, which is all it has.
        Files.deleteIfExists(env);
        if (Files.getFileStore(dataDir).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.createFile(env, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(
                env,
                "# Written by the local cloud at each start; load it with: . " + relative(env) + System.lineSeparator()
                        + "export BATCHJOBS_API_URL=" + apiBaseUrl() + System.lineSeparator()
                        + "export BATCHJOBS_API_KEY=" + apiKey + System.lineSeparator()
                        + "export BATCHJOBS_DYNAMODB_ENDPOINT=" + dynamoDbEndpoint() + System.lineSeparator()
                        + "export BATCHJOBS_API_KEYS_TABLE=" + apiKeysTable + System.lineSeparator());
        return env;
    }

    private static String relative(Path path) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath();
        return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
    }

    @Override
    public void close() throws Exception {
        orchestration.close();
        secrets.close();
        eventSources.close();
        eventSourceSqs.close();
        sandbox.close();
        scheduler.close();
        api.close();
        for (Wiring wiring : wirings) {
            wiring.close();
        }
        httpClient.close();
        emulators.close();
    }

    public static void main(String[] args) throws Exception {
        LocalCloudOptions options;
        try {
            options = LocalCloudOptions.parse(List.of(args), Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LocalCloudOptions.USAGE);
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        LocalCloud cloud = start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                cloud.close();
                            } catch (Exception e) {
                                System.err.println("Stopping the local cloud: " + e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "local-cloud-shutdown"));
        System.out.println(cloud.banner());
        if (options.dataDir().isPresent()) {
            Path env = cloud.writeShellSettings(options.dataDir().get());
            System.out.println("  Shell settings (the CLI's and the README tour's): . " + relative(env));
        }
        System.out.printf(
                "  Started in %.1f s; data: %s%n",
                (System.nanoTime() - started) / 1e9,
                options.dataDir().map(Path::toString).orElse("in memory"));
        stopped.await();
    }
}
