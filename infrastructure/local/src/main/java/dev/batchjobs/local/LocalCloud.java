package dev.batchjobs.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.batchjobs.domain.IssuedApiKey;
import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.local.sandbox.SandboxTarget;
import dev.batchjobs.local.sfn.LocalSfnEndpoint;
import dev.batchjobs.local.sfn.LocalStateMachine;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import dev.batchjobs.wiring.Wiring;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole product in one JVM, with no Docker and no AWS account: DynamoDB Local, ElasticMQ and S3Proxy
 * in-process, the tables, bucket and queues that template.yaml declares, and the template's HTTP routes
 * served by the real handler classes through the real AWS SDK clients.
 */
public final class LocalCloud implements AutoCloseable {
    /** The account the start-up key belongs to. */
    public static final String LOCAL_ACCOUNT = "acct_local";

    private final DynamoDbLocalEmulator dynamoDb;
    private final SqsEmulator sqs;
    private final S3ProxyEmulator s3;
    private final LocalHttpApi api;
    private final LocalSchedules scheduler;
    private final LocalSqsEventSources eventSources;
    private final SqsClient eventSourceSqs;
    private final SandboxTarget sandbox;
    private final Orchestration orchestration;

    /** The event bus, the state machines and their endpoint: what turns an upload into a running job. */
    private record Orchestration(LocalEventBridge eventBridge, LocalEventBusEndpoint busEndpoint,
                                 List<LocalStateMachine> machines, LocalSfnEndpoint endpoint) {
        void close() {
            busEndpoint.close();
            eventBridge.close();
            machines.forEach(LocalStateMachine::close);
            endpoint.close();
        }
    }
    private final List<Wiring> wirings;
    private final SdkHttpClient httpClient;
    private final String apiKey;
    private final Map<String, String> queueUrls;

    private LocalCloud(DynamoDbLocalEmulator dynamoDb, SqsEmulator sqs, S3ProxyEmulator s3, LocalHttpApi api,
                       LocalSchedules scheduler, LocalSqsEventSources eventSources, SqsClient eventSourceSqs,
                       SandboxTarget sandbox, List<Wiring> wirings, SdkHttpClient httpClient, String apiKey,
                       Map<String, String> queueUrls, Orchestration orchestration) {
        this.orchestration = orchestration;
        this.scheduler = scheduler;
        this.eventSources = eventSources;
        this.eventSourceSqs = eventSourceSqs;
        this.sandbox = sandbox;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.s3 = s3;
        this.api = api;
        this.wirings = wirings;
        this.httpClient = httpClient;
        this.apiKey = apiKey;
        this.queueUrls = queueUrls;
    }

    public static LocalCloud start(LocalCloudOptions options) throws Exception {
        Optional<Path> dataDir = options.dataDir();
        CompletableFuture<DynamoDbLocalEmulator> dynamoDbStart = CompletableFuture.supplyAsync(() -> unchecked(() ->
                DynamoDbLocalEmulator.start(options.dynamoDbPort(), dataDir.map(d -> d.resolve("dynamodb")))));
        CompletableFuture<SqsEmulator> sqsStart = CompletableFuture.supplyAsync(() -> SqsEmulator.start(options.sqsPort()));
        // S3's event notifications go to the event bus, which exists once the template is read.
        AtomicReference<Consumer<JsonNode>> s3Events = new AtomicReference<>(event -> { });
        CompletableFuture<S3ProxyEmulator> s3Start = CompletableFuture.supplyAsync(() -> unchecked(() ->
                S3ProxyEmulator.start(options.s3Port(), dataDir.map(d -> d.resolve("s3")), e -> s3Events.get().accept(e))));
        DynamoDbLocalEmulator dynamoDb = dynamoDbStart.join();
        SqsEmulator sqs = sqsStart.join();
        S3ProxyEmulator s3 = s3Start.join();

        // Jobs run against the sandbox target unless the operator names another.
        SandboxTarget sandbox = SandboxTarget.start(0);
        Map<String, String> parameters = new LinkedHashMap<>(options.parameters());
        parameters.putIfAbsent("TargetBaseUrl", sandbox.baseUrl().toString());
        // Webhook receivers on this machine (the README's tour, the tests) are allowed here, and only here.
        parameters.putIfAbsent("DestinationAllowedHosts", "localhost,127.0.0.1");
        SamTemplate template = SamTemplate.load(options.template(), options.stackName(), parameters);
        SdkHttpClient httpClient = Apache5HttpClient.create();
        Map<String, String> queueUrls;
        try (DynamoDbClient dynamoDbClient = DynamoDbClient.builder().httpClient(httpClient)
                     .endpointOverride(dynamoDb.endpoint()).region(Region.of(LocalAws.REGION))
                     .credentialsProvider(StaticCredentialsProvider.create(LocalAws.credentials())).build();
             S3Client s3Client = S3Client.builder().httpClient(httpClient).endpointOverride(s3.endpoint())
                     .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                     .region(Region.of(LocalAws.REGION))
                     .credentialsProvider(StaticCredentialsProvider.create(LocalAws.credentials())).build();
             SqsClient sqsClient = SqsClient.builder().httpClient(httpClient).endpointOverride(sqs.endpoint())
                     .region(Region.of(LocalAws.REGION))
                     .credentialsProvider(StaticCredentialsProvider.create(LocalAws.credentials())).build()) {
            queueUrls = new Provisioner(template).provision(dynamoDbClient, s3Client, sqsClient);
        }
        template.useQueueUrls(queueUrls);

        LocalSfnEndpoint sfnEndpoint = LocalSfnEndpoint.start();
        LocalEventBridge eventBridge = new LocalEventBridge();
        LocalEventBusEndpoint busEndpoint = LocalEventBusEndpoint.start(eventBridge);
        SqsClient eventSourceSqs = SqsClient.builder().httpClient(httpClient).endpointOverride(sqs.endpoint())
                .region(Region.of(LocalAws.REGION)).credentialsProvider(StaticCredentialsProvider.create(LocalAws.credentials()))
                .build();
        addEventRules(template, eventBridge, eventSourceSqs);
        Map<String, String> overrides = Map.of(
                "AWS_ENDPOINT_URL_SFN", sfnEndpoint.endpoint().toString(),
                "AWS_ENDPOINT_URL_EVENTBRIDGE", busEndpoint.endpoint().toString(),
                "AWS_REGION", LocalAws.REGION,
                "AWS_ACCESS_KEY_ID", LocalAws.ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", LocalAws.SECRET_ACCESS_KEY,
                "AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.endpoint().toString(),
                "AWS_ENDPOINT_URL_S3", s3.endpoint().toString(),
                "AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString());
        List<Wiring> wirings = new ArrayList<>();
        List<LocalHttpApi.Route> routes = new ArrayList<>();
        List<LocalSchedules.Entry> schedules = new ArrayList<>();
        List<LocalSqsEventSources.Mapping> sqsMappings = new ArrayList<>();
        Map<String, UnaryOperator<JsonNode>> taskFunctions = new LinkedHashMap<>();
        LocalHttpApi.LocalFunction fallback = null;
        Wiring anyWiring = null;
        Map<String, Object> globals = template.functionGlobals();
        for (Map.Entry<String, Map<String, Object>> function : template.resources("AWS::Serverless::Function").entrySet()) {
            Map<String, Object> properties = new LinkedHashMap<>(globals);
            properties.putAll(function.getValue());
            Map<String, String> env = new LinkedHashMap<>(template.environment(function.getValue()));
            env.putAll(overrides);
            Wiring wiring = Wiring.create(env);
            wirings.add(wiring);
            anyWiring = wiring;
            String handlerClass = String.valueOf(properties.get("Handler")).split("::")[0];
            Object handler = LocalFunctions.newHandler(wiring, handlerClass);
            LocalHttpApi.LocalFunction local = new LocalHttpApi.LocalFunction(function.getKey(), httpHandler(handler),
                    Integer.parseInt(String.valueOf(properties.getOrDefault("MemorySize", "128"))),
                    Integer.parseInt(String.valueOf(properties.getOrDefault("Timeout", "3"))));
            taskFunctions.put(template.arn(function.getKey()), taskFunction(function.getKey(), handler, local));
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> events = (Map<String, Map<String, Object>>) function.getValue().getOrDefault("Events", Map.of());
            for (Map<String, Object> event : events.values()) {
                if ("Schedule".equals(event.get("Type"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> scheduleProperties = (Map<String, Object>) event.getOrDefault("Properties", Map.of());
                    schedules.add(new LocalSchedules.Entry(function.getKey(), handler,
                            options.scheduleEvery().orElseGet(() ->
                                    LocalSchedules.rate(String.valueOf(scheduleProperties.get("Schedule")))),
                            local.memoryMb(), local.timeoutSeconds()));
                }
                if ("SQS".equals(event.get("Type"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> sqsProperties = (Map<String, Object>) event.getOrDefault("Properties", Map.of());
                    String queueArn = String.valueOf(sqsProperties.get("Queue"));
                    String queueUrl = template.queueUrlForArn(queueArn).orElseThrow(() -> new IllegalStateException(
                            function.getKey() + " reads " + queueArn + ", which template.yaml does not declare"));
                    sqsMappings.add(new LocalSqsEventSources.Mapping(function.getKey(), handler, queueUrl, queueArn,
                            Integer.parseInt(String.valueOf(sqsProperties.getOrDefault("BatchSize", "10"))),
                            String.valueOf(sqsProperties.getOrDefault("FunctionResponseTypes", "")).contains("ReportBatchItemFailures"),
                            local.memoryMb(), local.timeoutSeconds(), 2));
                }
                if (!"HttpApi".equals(event.get("Type"))) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> eventProperties = (Map<String, Object>) event.getOrDefault("Properties", Map.of());
                if (eventProperties.get("Path") == null) {
                    fallback = local;
                } else {
                    routes.add(LocalHttpApi.Route.of(String.valueOf(eventProperties.getOrDefault("Method", "ANY")),
                            String.valueOf(eventProperties.get("Path")), local));
                }
            }
        }
        if (anyWiring == null) {
            throw new IllegalStateException("template.yaml declares no function");
        }
        LocalHttpApi api = LocalHttpApi.start(options.apiPort(), routes, fallback);
        LocalSchedules scheduler = LocalSchedules.start(schedules);
        List<LocalStateMachine> machines = startStateMachines(template, options.template().getParent(), taskFunctions,
                eventBridge, sfnEndpoint, options.waitScale());
        s3Events.set(eventBridge::put);
        LocalSqsEventSources eventSources = LocalSqsEventSources.start(eventSourceSqs, sqsMappings);
        IssuedApiKey key = options.apiKey().isPresent()
                ? anyWiring.apiKeys().register(LOCAL_ACCOUNT, options.apiKey().get())
                : anyWiring.apiKeys().issue(LOCAL_ACCOUNT, false);
        return new LocalCloud(dynamoDb, sqs, s3, api, scheduler, eventSources, eventSourceSqs, sandbox, wirings, httpClient,
                key.secret(), queueUrls, new Orchestration(eventBridge, busEndpoint, machines, sfnEndpoint));
    }

    /**
     * Every state machine the template declares, from its definition file with DefinitionSubstitutions applied,
     * started by its EventBridgeRule events.
     */
    @SuppressWarnings("unchecked")
    private static List<LocalStateMachine> startStateMachines(SamTemplate template, Path templateDir,
                                                              Map<String, UnaryOperator<JsonNode>> functions,
                                                              LocalEventBridge eventBridge, LocalSfnEndpoint endpoint,
                                                              double waitScale)
            throws java.io.IOException {
        List<LocalStateMachine> machines = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> resource : template.resources("AWS::Serverless::StateMachine").entrySet()) {
            Map<String, Object> properties = resource.getValue();
            String definition = java.nio.file.Files.readString(templateDir.resolve(String.valueOf(properties.get("DefinitionUri"))));
            Map<String, Object> substitutions = (Map<String, Object>) properties.getOrDefault("DefinitionSubstitutions", Map.of());
            for (Map.Entry<String, Object> substitution : substitutions.entrySet()) {
                definition = definition.replace("${" + substitution.getKey() + "}", String.valueOf(substitution.getValue()));
            }
            LocalStateMachine machine = new LocalStateMachine(definition, functions, waitScale);
            endpoint.register(machine);
            machines.add(machine);
            Map<String, Map<String, Object>> events = (Map<String, Map<String, Object>>) properties.getOrDefault("Events", Map.of());
            for (Map.Entry<String, Map<String, Object>> event : events.entrySet()) {
                if ("EventBridgeRule".equals(event.getValue().get("Type"))) {
                    Map<String, Object> eventProperties = (Map<String, Object>) event.getValue().get("Properties");
                    eventBridge.addRule(resource.getKey() + "." + event.getKey(), JSON.valueToTree(eventProperties.get("Pattern")),
                            machine::start);
                }
            }
        }
        return machines;
    }

    /**
     * The template's {@code AWS::Events::Rule}s on their buses, each target an SQS queue of the template: a
     * matching event is sent to the queue as EventBridge sends it (the envelope as the message body).
     */
    @SuppressWarnings("unchecked")
    private static void addEventRules(SamTemplate template, LocalEventBridge eventBridge, SqsClient sqs) {
        for (Map.Entry<String, Map<String, Object>> rule : template.resources("AWS::Events::Rule").entrySet()) {
            Map<String, Object> properties = rule.getValue();
            String bus = String.valueOf(properties.getOrDefault("EventBusName", LocalEventBridge.DEFAULT_BUS));
            for (Map<String, Object> target : (List<Map<String, Object>>) properties.getOrDefault("Targets", List.of())) {
                String arn = String.valueOf(target.get("Arn"));
                String queueUrl = template.queueUrlForArn(arn).orElseThrow(() -> new IllegalStateException(
                        "The rule " + rule.getKey() + " targets " + arn + "; the local cloud delivers rules to the template's queues only"));
                eventBridge.addRule(bus, rule.getKey() + "." + target.get("Id"), JSON.valueToTree(properties.get("EventPattern")),
                        event -> sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(event.toString())));
            }
        }
    }

    /** A function as a state machine task calls it: JSON in, JSON out. */
    @SuppressWarnings("unchecked")
    private static UnaryOperator<JsonNode> taskFunction(String name, Object handler, LocalHttpApi.LocalFunction local) {
        return input -> {
            RequestHandler<Object, Object> function = (RequestHandler<Object, Object>) handler;
            Object output = function.handleRequest(JSON.convertValue(input, Map.class),
                    new LocalContext(name, local.memoryMb(), local.timeoutSeconds()));
            return JSON.valueToTree(output);
        };
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @SuppressWarnings("unchecked")
    private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> httpHandler(Object handler) {
        return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) handler;
    }

    public URI apiBaseUrl() {
        return api.baseUrl();
    }

    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    public URI s3Endpoint() {
        return s3.endpoint();
    }

    public URI sqsEndpoint() {
        return sqs.endpoint();
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
        return String.join(System.lineSeparator(),
                "Batch Jobs API local cloud is ready.",
                "  API base URL:  " + apiBaseUrl(),
                "  API key:       " + apiKey + "   (account " + LOCAL_ACCOUNT + ")",
                "  Sandbox target: " + sandbox.baseUrl() + "   (customers cus_0001-cus_1000, subscriptions sub_0001-sub_1000)",
                "  Webhook inbox: " + apiBaseUrl() + WebhookInbox.PREFIX + "<name>   (an event destination URL; GET it to see what arrived)",
                "",
                "  Emulators (credentials " + LocalAws.ACCESS_KEY_ID + " / " + LocalAws.SECRET_ACCESS_KEY
                        + ", region " + LocalAws.REGION + "):",
                "    AWS_ENDPOINT_URL_DYNAMODB=" + dynamoDbEndpoint(),
                "    AWS_ENDPOINT_URL_S3=" + s3Endpoint(),
                "    AWS_ENDPOINT_URL_SQS=" + sqsEndpoint(),
                "",
                "  Try: curl -s " + apiBaseUrl() + "/v2/core/batch_jobs -H \"Authorization: Bearer " + apiKey
                        + "\" -H \"Stripe-Version: 2026-04-22.preview\"",
                "  Stop with Ctrl-C.");
    }

    @Override
    public void close() throws Exception {
        orchestration.close();
        eventSources.close();
        eventSourceSqs.close();
        sandbox.close();
        scheduler.close();
        api.close();
        for (Wiring wiring : wirings) {
            wiring.close();
        }
        httpClient.close();
        Exception failure = null;
        for (AutoCloseable emulator : List.<AutoCloseable>of(s3, sqs, dynamoDb)) {
            try {
                emulator.close();
            } catch (Exception e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cloud.close();
            } catch (Exception e) {
                System.err.println("Stopping the local cloud: " + e);
            } finally {
                stopped.countDown();
            }
        }, "local-cloud-shutdown"));
        System.out.println(cloud.banner());
        System.out.printf("  Started in %.1f s; data: %s%n", (System.nanoTime() - started) / 1e9,
                options.dataDir().map(Path::toString).orElse("in memory"));
        stopped.await();
    }

    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private static <T> T unchecked(ThrowingSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
