package dev.batchjobs.wiring;

import dev.batchjobs.api.BatchJobsApi;
import dev.batchjobs.json.EventJson;
import dev.batchjobs.aws.DynamoDbDestinationStore;
import dev.batchjobs.aws.DynamoDbEventStore;
import dev.batchjobs.aws.DynamoDbFailureStore;
import dev.batchjobs.domain.pipeline.ErrorFiles;
import dev.batchjobs.domain.failures.FailureQueries;
import dev.batchjobs.aws.EventBridgeEventPublisher;
import dev.batchjobs.aws.HttpWebhookClient;
import dev.batchjobs.aws.SqsDeliveryQueue;
import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.events.DeliverEvents;
import dev.batchjobs.domain.events.DestinationService;
import dev.batchjobs.domain.events.DestinationUrlPolicy;
import dev.batchjobs.domain.events.EventOutbox;
import dev.batchjobs.domain.events.PublishingJobStore;
import dev.batchjobs.aws.DynamoDbApiKeyStore;
import dev.batchjobs.aws.DynamoDbJobStore;
import dev.batchjobs.aws.S3InputStorage;
import dev.batchjobs.domain.ApiKeyService;
import dev.batchjobs.domain.Ids;
import dev.batchjobs.domain.JobService;
import dev.batchjobs.domain.pipeline.SweepJobs;
import dev.batchjobs.aws.DynamoDbChunkStore;
import dev.batchjobs.aws.HttpTargetClient;
import dev.batchjobs.aws.S3ResultStorage;
import dev.batchjobs.aws.SfnTaskSignal;
import dev.batchjobs.aws.SqsChunkQueue;
import dev.batchjobs.domain.chunks.ProcessChunkMessage;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.chunks.RunChunk;
import dev.batchjobs.domain.target.SendRows;
import dev.batchjobs.domain.target.RetryPolicy;
import dev.batchjobs.domain.target.SignalWaiter;
import dev.batchjobs.domain.pipeline.DispatchChunks;
import dev.batchjobs.domain.input.InputScanner;
import dev.batchjobs.domain.pipeline.BeginProcessing;
import dev.batchjobs.domain.pipeline.FinishJob;
import dev.batchjobs.domain.pipeline.PrepareInput;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds every handler of the product from one environment: the variables {@code template.yaml} sets,
 * plus the optional endpoint overrides and credentials the local cloud adds. SDK clients and services are
 * built once, on first use, and shared by every handler this wiring makes.
 */
public final class Wiring implements AutoCloseable {
    /** Time a worker keeps in hand at the end of an invocation to drain its requests and checkpoint. */
    private static final Duration WORKER_SAFETY_MARGIN = Duration.ofSeconds(45);
    private static final Duration INDEX_CATCH_UP = Duration.ofMillis(250);
    /** What a webhook attempt needs beyond its own timeouts: signing, the URL check's DNS lookup, queueing a retry. */
    private static final Duration ATTEMPT_MARGIN = Duration.ofSeconds(5);
    private static final Supplier<Wiring> SYSTEM = memoize(() ->
            new Wiring(Config.fromEnvironment(System.getenv()), DefaultCredentialsProvider.builder().build()));

    private final Config config;
    private final AwsCredentialsProvider credentials;
    private final Clock clock = Clock.systemUTC();
    private final Supplier<SdkHttpClient> httpClient = memoize(() -> Apache5HttpClient.builder().build());
    private final Supplier<DynamoDbClient> dynamoDb = memoize(this::newDynamoDb);
    private final Supplier<S3Presigner> presigner = memoize(this::newPresigner);
    private final Supplier<S3Client> s3 = memoize(this::newS3);
    private final Supplier<SqsClient> sqs = memoize(this::newSqs);
    private final Supplier<SfnClient> sfn = memoize(this::newSfn);
    private final Supplier<EventBridgeClient> eventBridge = memoize(this::newEventBridge);
    private final Supplier<ApiKeyService> apiKeys;
    private final Supplier<BatchJobsApi> api = memoize(this::newApi);

    private Wiring(Config config, AwsCredentialsProvider credentials) {
        this.config = config;
        this.credentials = credentials;
        this.apiKeys = memoize(() -> new ApiKeyService(new DynamoDbApiKeyStore(dynamoDb.get(), config.apiKeysTable()), clock));
    }

    /** The wiring of this Lambda container, from the process environment; built once. */
    public static Wiring fromSystemEnvironment() {
        return SYSTEM.get();
    }

    /**
     * A wiring from an explicit environment (local cloud, tests, operator commands). Uses the map's
     * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} when present, else the default chain.
     */
    public static Wiring create(Map<String, String> environment) {
        String keyId = environment.get("AWS_ACCESS_KEY_ID");
        String secret = environment.get("AWS_SECRET_ACCESS_KEY");
        String token = environment.get("AWS_SESSION_TOKEN");
        AwsCredentialsProvider credentials;
        if (keyId != null && secret != null) {
            credentials = StaticCredentialsProvider.create(token == null
                    ? AwsBasicCredentials.create(keyId, secret) : AwsSessionCredentials.create(keyId, secret, token));
        } else {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        return new Wiring(Config.fromEnvironment(environment), credentials);
    }

    public Config config() {
        return config;
    }

    public BatchJobsApi batchJobsApi() {
        return api.get();
    }

    public ApiKeyService apiKeys() {
        return apiKeys.get();
    }

    /** The chunk worker: the real HTTP client to the configured target, paced and checkpointed. */
    public ProcessChunkMessage processChunkMessage() {
        JobStore jobs = jobStore();
        DynamoDbChunkStore chunks = new DynamoDbChunkStore(dynamoDb.get(), config.jobsTable(), config.failuresTable());
        SendRows runner = new SendRows(HttpTargetClient.create(Duration.ofSeconds(5), Duration.ofSeconds(30)),
                RetryPolicy.DEFAULT, clock, new SignalWaiter(), () -> ThreadLocalRandom.current().nextDouble(),
                new SendRows.Settings(256, Duration.ofSeconds(1), 100));
        RunChunk runChunk = new RunChunk(jobs, chunks, new S3InputStorage(presigner.get(), s3.get(), config.dataBucket()),
                new ResultFiles(new S3ResultStorage(s3.get(), config.dataBucket())), config.endpoints(), config.target(),
                runner, clock, WORKER_SAFETY_MARGIN, config.progressEventInterval());
        return new ProcessChunkMessage(runChunk, chunks, new SqsChunkQueue(sqs.get(), config.chunkQueueUrl()),
                new SfnTaskSignal(sfn.get()));
    }

    public BeginProcessing beginProcessing() {
        JobStore jobs = jobStore();
        return new BeginProcessing(jobs, jobs, clock, config.processingTimeout());
    }

    public PrepareInput prepareInput() {
        JobStore jobs = jobStore();
        return new PrepareInput(jobs, jobs, chunkStore(), inputStorage(), resultStorage(), config.endpoints(),
                new InputScanner(InputScanner.Settings.DEFAULT), clock, config.progressEventInterval());
    }

    public DispatchChunks dispatchChunks() {
        return new DispatchChunks(chunkStore(), new SqsChunkQueue(sqs.get(), config.chunkQueueUrl()),
                new SfnTaskSignal(sfn.get()));
    }

    public FinishJob finishJob() {
        return new FinishJob(jobStore(), chunkStore(), new ResultFiles(resultStorage()), errorFiles(), clock);
    }

    /** The failed rows' file; the failures' chunk index may trail the last checkpoint by a moment, so it is read again. */
    private ErrorFiles errorFiles() {
        return new ErrorFiles(inputStorage(), failureStore(), resultStorage(), () -> Thread.sleep(INDEX_CATCH_UP.toMillis()));
    }

    private DynamoDbFailureStore failureStore() {
        return new DynamoDbFailureStore(dynamoDb.get(), config.failuresTable());
    }

    /** The job store every use case writes through: each change with its events, published right after. */
    private JobStore jobStore() {
        return new PublishingJobStore(new DynamoDbJobStore(dynamoDb.get(), config.jobsTable(), config.eventsTable(), clock),
                outbox());
    }

    private DynamoDbEventStore eventStore() {
        return new DynamoDbEventStore(dynamoDb.get(), config.eventsTable());
    }

    private EventOutbox outbox() {
        return new EventOutbox(eventStore(), new EventBridgeEventPublisher(eventBridge.get(), config.eventBusName()));
    }

    private DynamoDbDestinationStore destinationStore() {
        return new DynamoDbDestinationStore(dynamoDb.get(), config.destinationsTable());
    }

    private DestinationUrlPolicy urlPolicy() {
        return new DestinationUrlPolicy(config.destinationAllowedHosts(), InetAddress::getAllByName);
    }

    /** The webhook dispatcher: signed POSTs, retried from the webhook queue, given up to its dead-letter queue. */
    public DeliverEvents deliverEvents() {
        HttpWebhookClient client = new HttpWebhookClient(Duration.ofSeconds(5), Duration.ofSeconds(10));
        return new DeliverEvents(destinationStore(), eventStore(), client,
                new SqsDeliveryQueue(sqs.get(), config.webhookQueueUrl(), config.webhookDeadLetterQueueUrl()), urlPolicy(),
                config.webhookRetry(), EventJson::payload, client.maxAttempt().plus(ATTEMPT_MARGIN), clock,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    private DynamoDbChunkStore chunkStore() {
        return new DynamoDbChunkStore(dynamoDb.get(), config.jobsTable(), config.failuresTable());
    }

    private S3InputStorage inputStorage() {
        return new S3InputStorage(presigner.get(), s3.get(), config.dataBucket());
    }

    private S3ResultStorage resultStorage() {
        return new S3ResultStorage(s3.get(), config.dataBucket());
    }

    public SweepJobs sweepJobs() {
        JobStore jobs = jobStore();
        return new SweepJobs(jobs, jobs, chunkStore(), finishJob(), outbox(), clock);
    }

    private BatchJobsApi newApi() {
        S3InputStorage storage = new S3InputStorage(presigner.get(), s3.get(), config.dataBucket());
        JobStore store = jobStore();
        JobService jobs = new JobService(store, store, storage, config.endpoints(), config.uploadUrlTtl(), clock, Ids::newJobId);
        return new BatchJobsApi(apiKeys(), jobs, storage, config.downloadUrlTtl(),
                new DestinationService(destinationStore(), urlPolicy(), clock), eventStore(),
                new FailureQueries(store, chunkStore(), failureStore()),
                config.endpoints().jobTypes());
    }

    private Region region() {
        return config.region().map(Region::of).orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
    }

    private DynamoDbClient newDynamoDb() {
        var builder = DynamoDbClient.builder().httpClient(httpClient.get()).region(region()).credentialsProvider(credentials);
        URI override = config.endpointOverrides().get("AWS_ENDPOINT_URL_DYNAMODB");
        if (override != null) {
            builder.endpointOverride(override);
        }
        return builder.build();
    }

    private SfnClient newSfn() {
        var builder = SfnClient.builder().httpClient(httpClient.get()).region(region()).credentialsProvider(credentials);
        URI override = config.endpointOverrides().get("AWS_ENDPOINT_URL_SFN");
        if (override != null) {
            builder.endpointOverride(override);
        }
        return builder.build();
    }

    private EventBridgeClient newEventBridge() {
        var builder = EventBridgeClient.builder().httpClient(httpClient.get()).region(region()).credentialsProvider(credentials);
        URI override = config.endpointOverrides().get("AWS_ENDPOINT_URL_EVENTBRIDGE");
        if (override != null) {
            builder.endpointOverride(override);
        }
        return builder.build();
    }

    private SqsClient newSqs() {
        var builder = SqsClient.builder().httpClient(httpClient.get()).region(region()).credentialsProvider(credentials);
        URI override = config.endpointOverrides().get("AWS_ENDPOINT_URL_SQS");
        if (override != null) {
            builder.endpointOverride(override);
        }
        return builder.build();
    }

    private S3Client newS3() {
        var builder = S3Client.builder().httpClient(httpClient.get()).region(region()).credentialsProvider(credentials);
        URI override = config.endpointOverrides().get("AWS_ENDPOINT_URL_S3");
        if (override != null) {
            builder.endpointOverride(override).forcePathStyle(true);
        }
        return builder.build();
    }

    private S3Presigner newPresigner() {
        var builder = S3Presigner.builder().region(region()).credentialsProvider(credentials);
        URI override = config.endpointOverrides().get("AWS_ENDPOINT_URL_S3");
        if (override != null) {
            // Emulators answer on one host name: path-style URLs (http://host:port/bucket/key).
            builder.endpointOverride(override)
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
        }
        return builder.build();
    }

    @Override
    public void close() {
        // Clients are closed only where they were built; closing a never-used client would build it.
        closeIfBuilt(presigner);
        closeIfBuilt(s3);
        closeIfBuilt(sqs);
        closeIfBuilt(sfn);
        closeIfBuilt(eventBridge);
        closeIfBuilt(dynamoDb);
        closeIfBuilt(httpClient);
    }

    private static void closeIfBuilt(Supplier<? extends AutoCloseable> supplier) {
        if (supplier instanceof Memoized<? extends AutoCloseable> memo && memo.isBuilt()) {
            try {
                memo.get().close();
            } catch (Exception e) {
                // closing on shutdown: nothing left to do with the failure
            }
        }
    }

    static <T> Supplier<T> memoize(Supplier<T> factory) {
        return new Memoized<>(factory);
    }

    /** A thread-safe supplier that builds its value once, on first use. */
    private static final class Memoized<T> implements Supplier<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Memoized(Supplier<T> factory) {
            this.factory = factory;
        }

        @Override
        public T get() {
            T result = value;
            if (result == null) {
                synchronized (this) {
                    result = value;
                    if (result == null) {
                        result = factory.get();
                        value = result;
                    }
                }
            }
            return result;
        }

        boolean isBuilt() {
            return value != null;
        }
    }
}
