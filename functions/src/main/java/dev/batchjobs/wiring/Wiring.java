package dev.batchjobs.wiring;

import dev.batchjobs.api.BatchJobsApi;
import dev.batchjobs.aws.DynamoDbApiKeyStore;
import dev.batchjobs.aws.DynamoDbChunkStore;
import dev.batchjobs.aws.DynamoDbDestinationStore;
import dev.batchjobs.aws.DynamoDbEventStore;
import dev.batchjobs.aws.DynamoDbFailureStore;
import dev.batchjobs.aws.DynamoDbJobStore;
import dev.batchjobs.aws.DynamoDbTargetLeaseStore;
import dev.batchjobs.aws.EventBridgeEventPublisher;
import dev.batchjobs.aws.HttpTargetClient;
import dev.batchjobs.aws.HttpWebhookClient;
import dev.batchjobs.aws.S3InputStorage;
import dev.batchjobs.aws.S3ResultStorage;
import dev.batchjobs.aws.SfnPipelineStarter;
import dev.batchjobs.aws.SfnTaskSignal;
import dev.batchjobs.aws.SqsChunkQueue;
import dev.batchjobs.aws.SqsDeliveryQueue;
import dev.batchjobs.domain.ApiKeyService;
import dev.batchjobs.domain.Ids;
import dev.batchjobs.domain.JobService;
import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.Metrics;
import dev.batchjobs.domain.chunks.ProcessChunkMessage;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.chunks.RunChunk;
import dev.batchjobs.domain.chunks.StopOnFailures;
import dev.batchjobs.domain.events.DeliverEvents;
import dev.batchjobs.domain.events.DestinationService;
import dev.batchjobs.domain.events.DestinationUrlPolicy;
import dev.batchjobs.domain.events.EventOutbox;
import dev.batchjobs.domain.events.PingDestination;
import dev.batchjobs.domain.events.PublishingJobStore;
import dev.batchjobs.domain.failures.FailureQueries;
import dev.batchjobs.domain.input.InputScanner;
import dev.batchjobs.domain.pipeline.BeginProcessing;
import dev.batchjobs.domain.pipeline.DispatchChunks;
import dev.batchjobs.domain.pipeline.ErrorFiles;
import dev.batchjobs.domain.pipeline.FailDeadLetteredChunk;
import dev.batchjobs.domain.pipeline.FinishJob;
import dev.batchjobs.domain.pipeline.PrepareInput;
import dev.batchjobs.domain.pipeline.ResultsSoFar;
import dev.batchjobs.domain.pipeline.RetryJobs;
import dev.batchjobs.domain.pipeline.SteerJobs;
import dev.batchjobs.domain.pipeline.SweepJobs;
import dev.batchjobs.domain.target.AuthorizingTargetClient;
import dev.batchjobs.domain.target.RateCeiling;
import dev.batchjobs.domain.target.RetryPolicy;
import dev.batchjobs.domain.target.SendRows;
import dev.batchjobs.domain.target.SignalWaiter;
import dev.batchjobs.domain.target.TargetCredentials;
import dev.batchjobs.json.EventJson;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
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
    /** What a results-so-far snapshot may spend reading parts, well inside the API function's 30 seconds. */
    private static final Duration RESULTS_SO_FAR_BUDGET = Duration.ofSeconds(15);
    /** What a webhook attempt needs beyond its own timeouts: signing, the URL check's DNS lookup, queueing a retry. */
    private static final Duration ATTEMPT_MARGIN = Duration.ofSeconds(5);

    private static final Supplier<Wiring> SYSTEM = memoize(() -> new Wiring(
            Config.fromEnvironment(System.getenv()),
            Telemetry.fromEnvironment(System.getenv()),
            System.out::println,
            DefaultCredentialsProvider.builder().build()));

    private final Config config;
    private final Telemetry telemetry;
    private final Metrics metrics;
    private final AwsCredentialsProvider credentials;
    private final Clock clock = Clock.systemUTC();
    private final Supplier<SdkHttpClient> httpClient =
            memoize(() -> Apache5HttpClient.builder().build());
    private final SdkClients sdk;
    private final Supplier<DynamoDbClient> dynamoDb = memoize(() -> sdk().client(DynamoDbClient.builder(), "DYNAMODB"));
    private final Supplier<S3Presigner> presigner = memoize(() -> sdk().presigner());
    private final Supplier<S3Client> s3 =
            memoize(() -> sdk().client(S3Client.builder().forcePathStyle(sdk().overridden("S3")), "S3"));
    private final Supplier<SqsClient> sqs = memoize(() -> sdk().client(SqsClient.builder(), "SQS"));
    private final Supplier<SfnClient> sfn = memoize(() -> sdk().client(SfnClient.builder(), "SFN"));
    private final Supplier<EventBridgeClient> eventBridge =
            memoize(() -> sdk().client(EventBridgeClient.builder(), "EVENTBRIDGE"));
    private final Supplier<SecretsManagerClient> secretsManager =
            memoize(() -> sdk().client(SecretsManagerClient.builder(), "SECRETSMANAGER"));
    private final Supplier<TargetCredentials> targetCredentials = memoize(this::newTargetCredentials);
    // Every adapter is built once, on first use, and shared by the use cases that need it.
    private final Supplier<DynamoDbEventStore> eventStore =
            memoize(() -> new DynamoDbEventStore(dynamoDb.get(), config().eventsTable()));
    private final Supplier<EventOutbox> outbox = memoize(this::newOutbox);
    /** The job table itself, for what writes no event (a parent's list of retries). */
    private final Supplier<DynamoDbJobStore> jobTable =
            memoize(() -> new DynamoDbJobStore(dynamoDb.get(), config().jobsTable(), config().eventsTable(), clock));
    /** The job store every use case writes through: each change with its events, published right after. */
    private final Supplier<JobStore> jobStore = memoize(() -> new PublishingJobStore(jobTable.get(), outbox.get()));

    private final Supplier<DynamoDbChunkStore> chunkStore =
            memoize(() -> new DynamoDbChunkStore(dynamoDb.get(), config().jobsTable(), config().failuresTable()));
    private final Supplier<DynamoDbFailureStore> failureStore =
            memoize(() -> new DynamoDbFailureStore(dynamoDb.get(), config().failuresTable()));
    private final Supplier<DynamoDbDestinationStore> destinationStore =
            memoize(() -> new DynamoDbDestinationStore(dynamoDb.get(), config().destinationsTable()));
    private final Supplier<S3InputStorage> inputStorage =
            memoize(() -> new S3InputStorage(presigner.get(), s3.get(), config().dataBucket()));
    private final Supplier<S3ResultStorage> resultStorage =
            memoize(() -> new S3ResultStorage(s3.get(), config().dataBucket()));
    private final Supplier<SqsChunkQueue> chunkQueue =
            memoize(() -> new SqsChunkQueue(sqs.get(), config().chunkQueueUrl(), config().smallChunkQueueUrl()));
    private final Supplier<SfnTaskSignal> taskSignal = memoize(() -> new SfnTaskSignal(sfn.get()));
    private final Supplier<FinishJob> finishJob = memoize(this::newFinishJob);
    private final Supplier<ApiKeyService> apiKeys;
    private final Supplier<BatchJobsApi> api = memoize(this::newApi);

    private Wiring(Config config, Telemetry telemetry, Consumer<String> stdout, AwsCredentialsProvider credentials) {
        this.config = config;
        this.telemetry = telemetry;
        this.metrics = telemetry.metrics(stdout, clock);
        this.sdk = new SdkClients(config, telemetry, credentials, httpClient);
        this.credentials = credentials;
        this.apiKeys =
                memoize(() -> new ApiKeyService(new DynamoDbApiKeyStore(dynamoDb.get(), config.apiKeysTable()), clock));
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
        return create(environment, System.out::println);
    }

    /** As {@link #create(Map)}, with the function's standard output (its metric lines) going to {@code stdout}. */
    public static Wiring create(Map<String, String> environment, Consumer<String> stdout) {
        return new Wiring(
                Config.fromEnvironment(environment),
                Telemetry.fromEnvironment(environment),
                stdout,
                Credentials.aws(environment));
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
        JobStore jobs = jobStore.get();
        DynamoDbChunkStore chunks = chunkStore.get();
        SendRows runner = new SendRows(
                new AuthorizingTargetClient(
                        telemetry.traced(HttpTargetClient.create(Duration.ofSeconds(5), Duration.ofSeconds(30))),
                        targetCredentials.get()),
                RetryPolicy.DEFAULT,
                clock,
                new SignalWaiter(),
                () -> ThreadLocalRandom.current().nextDouble(),
                new SendRows.Settings(
                        256,
                        config.checkpointCadence().every(),
                        config.checkpointCadence().rows(),
                        config.checkpointCadence().leastRows()));
        RunChunk runChunk = new RunChunk(
                        jobs,
                        chunks,
                        inputStorage.get(),
                        new ResultFiles(resultStorage.get()),
                        config.endpoints(),
                        config.target(),
                        runner,
                        clock,
                        WORKER_SAFETY_MARGIN,
                        config.progressEventInterval())
                .withCeiling(config.targetLeasesTable()
                        .filter(table -> config.targetRpsCeiling() > 0)
                        .map(t -> new RateCeiling(
                                new DynamoDbTargetLeaseStore(dynamoDb.get(), t), config.targetRpsCeiling(), clock))
                        .orElse(RateCeiling.OFF))
                .withMetrics(metrics)
                .guardedBy(new StopOnFailures(jobs, clock))
                .readingStatusAhead();
        return new ProcessChunkMessage(runChunk, chunks, chunkQueue.get(), taskSignal.get());
    }

    public BeginProcessing beginProcessing() {
        JobStore jobs = jobStore.get();
        return new BeginProcessing(jobs, inputStorage.get(), clock, config.processingTimeouts());
    }

    public PrepareInput prepareInput() {
        JobStore jobs = jobStore.get();
        return new PrepareInput(
                jobs,
                jobs,
                chunkStore.get(),
                inputStorage.get(),
                resultStorage.get(),
                config.endpoints(),
                new InputScanner(InputScanner.Settings.DEFAULT),
                clock,
                config.progressEventInterval(),
                metrics);
    }

    public DispatchChunks dispatchChunks() {
        // No small queue in the environment: every job on the standard lane.
        int smallLaneMaxRps = config.smallChunkQueueUrl().isPresent() ? config.smallWorkerMaxRps() : 0;
        return new DispatchChunks(
                jobStore.get(), chunkStore.get(), chunkQueue.get(), taskSignal.get(), smallLaneMaxRps);
    }

    /** Ends the job of a chunk that reached the chunk dead-letter queue. */
    public FailDeadLetteredChunk failDeadLetteredChunk() {
        return new FailDeadLetteredChunk(finishJob(), chunkStore.get(), taskSignal.get());
    }

    /** The chunk queue, which the worker also uses to bring a failed message back sooner. */
    public SqsChunkQueue chunkQueue() {
        return chunkQueue.get();
    }

    public FinishJob finishJob() {
        return finishJob.get();
    }

    private DestinationUrlPolicy urlPolicy() {
        return new DestinationUrlPolicy(config.destinationAllowedHosts(), InetAddress::getAllByName);
    }

    /** The webhook dispatcher: signed POSTs, retried from the webhook queue, given up to its dead-letter queue. */
    public DeliverEvents deliverEvents() {
        HttpWebhookClient client = new HttpWebhookClient(Duration.ofSeconds(5), Duration.ofSeconds(10));
        return new DeliverEvents(
                destinationStore.get(),
                eventStore.get(),
                client,
                new SqsDeliveryQueue(sqs.get(), config.webhookQueueUrl(), config.webhookDeadLetterQueueUrl()),
                urlPolicy(),
                config.webhookRetry(),
                EventJson::payload,
                client.maxAttempt().plus(ATTEMPT_MARGIN),
                clock,
                () -> ThreadLocalRandom.current().nextDouble(),
                metrics);
    }

    public SweepJobs sweepJobs() {
        JobStore jobs = jobStore.get();
        SfnPipelineStarter pipeline =
                new SfnPipelineStarter(sfn.get(), config.requireStateMachineArn(), config.dataBucket());
        return new SweepJobs(
                jobs, jobs, chunkStore.get(), finishJob(), outbox.get(), inputStorage.get(), pipeline, clock);
    }

    private BatchJobsApi newApi() {
        S3InputStorage storage = inputStorage.get();
        JobStore store = jobStore.get();
        JobService jobs = new JobService(
                store,
                store,
                storage,
                config.endpoints(),
                config.uploadUrlTtl(),
                config.processingTimeouts(),
                clock,
                Ids::newJobId);
        DestinationService destinations = new DestinationService(destinationStore.get(), urlPolicy(), clock);
        return new BatchJobsApi(
                apiKeys(),
                jobs,
                storage,
                config.downloadUrlTtl(),
                destinations,
                new PingDestination(
                        destinations,
                        new HttpWebhookClient(Duration.ofSeconds(2), Duration.ofSeconds(5)),
                        urlPolicy(),
                        EventJson::payload,
                        clock,
                        Ids::newEventId),
                eventStore.get(),
                new FailureQueries(store, chunkStore.get(), failureStore.get()),
                config.endpoints().jobTypes(),
                new SteerJobs(store, chunkStore.get(), chunkQueue.get(), clock),
                new RetryJobs(
                        store,
                        jobTable.get(), // appending to a parent's retries writes no event
                        chunkStore.get(),
                        failureStore.get(),
                        storage,
                        resultStorage.get(),
                        // Built on first use: a retry is the API's only use of the state machine.
                        upload -> new SfnPipelineStarter(
                                        sfn.get(), config.requireStateMachineArn(), config.dataBucket())
                                .start(upload),
                        clock,
                        config.processingTimeouts(),
                        config.uploadUrlTtl(),
                        Ids::newJobId),
                new ResultsSoFar(store, chunkStore.get(), resultStorage.get(), clock, RESULTS_SO_FAR_BUDGET));
    }

    private EventOutbox newOutbox() {
        return new EventOutbox(
                eventStore.get(), new EventBridgeEventPublisher(eventBridge.get(), config.eventBusName()));
    }

    private TargetCredentials newTargetCredentials() {
        return Credentials.target(config.targetAuthorizationSecretArn(), secretsManager, clock);
    }

    private FinishJob newFinishJob() {
        // The failures' chunk index may trail the last checkpoint by a moment, so the error file reads it again.
        ErrorFiles errorFiles = new ErrorFiles(
                inputStorage.get(),
                failureStore.get(),
                resultStorage.get(),
                () -> Thread.sleep(INDEX_CATCH_UP.toMillis()));
        return new FinishJob(jobStore.get(), chunkStore.get(), new ResultFiles(resultStorage.get()), errorFiles, clock);
    }

    /** The clients' builder; a method, because the client fields above are initialised before the constructor runs. */
    private SdkClients sdk() {
        return sdk;
    }

    @Override
    public void close() {
        // Clients are closed only where they were built; closing a never-used client would build it.
        Stream.of(presigner, s3, sqs, sfn, eventBridge, secretsManager, dynamoDb, httpClient)
                .forEach(client -> ((Memoized<?>) client).closeIfBuilt());
    }

    static <T> Memoized<T> memoize(Supplier<T> factory) {
        return new Memoized<>(factory);
    }
}
