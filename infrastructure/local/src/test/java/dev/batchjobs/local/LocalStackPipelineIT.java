package dev.batchjobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.api.ApiRequest;
import dev.batchjobs.api.ApiResponse;
import dev.batchjobs.aws.SqsChunkQueue;
import dev.batchjobs.domain.pipeline.BeginResult;
import dev.batchjobs.domain.pipeline.FinishJob;
import dev.batchjobs.domain.pipeline.PrepareInput;
import dev.batchjobs.local.sandbox.SandboxTarget;
import dev.batchjobs.wiring.Wiring;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The LocalStack tier: create → upload → complete with the product's own wiring and SDK clients against
 * LocalStack's DynamoDB, S3 and SQS, provisioned from template.yaml as the local cloud provisions its emulators.
 * The pipeline's steps run in the order the state machine runs them (begin, prepare, dispatch, the worker on each
 * chunk message, finish); the sandbox target answers the rows.
 *
 * <p>It needs a Docker engine and is skipped, reported as skipped, where there is none (a quick check, no
 * container pull). Run it alone with
 * {@code mvn -o verify -pl functions,infrastructure/local -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=LocalStackPipelineIT}.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackPipelineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "acct_localstack";

    @Container
    private static final LocalStackContainer LOCALSTACK = new LocalStackContainer(
                    DockerImageName.parse("localstack/localstack:4.4"))
            .withServices("dynamodb", "s3", "sqs", "events", "stepfunctions");

    @Test
    void aJobIsCreatedUploadedAndCompletedOnLocalStack() throws Exception {
        try (SandboxTarget sandbox = SandboxTarget.start(0);
                SdkHttpClient http = Apache5HttpClient.create()) {
            SamTemplate template = SamTemplate.load(
                    LocalCloudOptions.findTemplate(Path.of("")),
                    "localstack",
                    Map.of("TargetBaseUrl", sandbox.baseUrl().toString()));
            Map<String, String> queueUrls;
            try (DynamoDbClient dynamoDb =
                            client(DynamoDbClient.builder(), http).build();
                    S3Client s3 = client(S3Client.builder(), http)
                            .forcePathStyle(true)
                            .build();
                    SqsClient sqs = client(SqsClient.builder(), http).build();
                    EventBridgeClient events =
                            client(EventBridgeClient.builder(), http).build()) {
                queueUrls = new Provisioner(template).provision(dynamoDb, s3, sqs);
                events.createEventBus(b -> b.name(template.stackName() + "-events"));
            }
            template.useQueueUrls(queueUrls);
            SamTemplate.Function worker = template.functions().stream()
                    .filter(f -> f.logicalId().equals("ChunkWorkerFunction"))
                    .findFirst()
                    .orElseThrow();
            Map<String, String> env = new LinkedHashMap<>(worker.environment());
            env.putAll(endpoints());
            try (Wiring wiring = Wiring.create(env)) {
                run(wiring, http);
            }
        }
    }

    private static void run(Wiring wiring, SdkHttpClient http) throws Exception {
        String key = wiring.apiKeys().issue(ACCOUNT, false).secret();
        JsonNode created = call(
                wiring,
                key,
                "POST",
                "/v2/core/batch_jobs",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 20}");
        String job = created.path("id").asText();
        String file = "{\"id\":\"r1\",\"path_params\":{\"id\":\"cus_0001\"},\"params\":{\"name\":\"L\"}}\n"
                + "{\"id\":\"r2\",\"path_params\":{\"id\":\"cus_nobody\"},\"params\":{\"name\":\"L\"}}\n";
        HttpResponse<Void> put = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(created.at("/status_details/ready_for_upload/upload_url/url")
                                        .asText()))
                                .PUT(HttpRequest.BodyPublishers.ofString(file))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(put.statusCode()).isEqualTo(200);

        // What the state machine does once S3's "Object Created" event starts it.
        S3Object upload;
        try (S3Client s3 = client(S3Client.builder(), http).forcePathStyle(true).build()) {
            upload = s3.listObjectsV2(
                            b -> b.bucket(wiring.config().dataBucket()).prefix("inputs/" + ACCOUNT + "/" + job + "/"))
                    .contents()
                    .get(0);
        }
        BeginResult begun = wiring.beginProcessing().begin(upload.key(), upload.size(), upload.eTag());
        assertThat(begun.proceed()).as(begun.reason()).isTrue();
        PrepareInput.Prepared prepared = wiring.prepareInput().prepare(ACCOUNT, job, upload.size());
        assertThat(prepared.proceed()).as(prepared.reason()).isTrue();
        wiring.dispatchChunks().dispatch(ACCOUNT, job, prepared.chunkCount(), "localstack-token");
        int handled = 0;
        Instant deadline = Instant.now().plusSeconds(60);
        try (SqsClient sqs = client(SqsClient.builder(), http).build()) {
            while (handled < prepared.chunkCount() && Instant.now().isBefore(deadline)) {
                List<Message> messages = sqs.receiveMessage(
                                b -> b.queueUrl(wiring.config().chunkQueueUrl())
                                        .maxNumberOfMessages(1)
                                        .waitTimeSeconds(1))
                        .messages();
                for (Message message : messages) {
                    wiring.processChunkMessage()
                            .handle(SqsChunkQueue.decode(message.body()), () -> Duration.ofMinutes(10));
                    sqs.deleteMessage(
                            b -> b.queueUrl(wiring.config().chunkQueueUrl()).receiptHandle(message.receiptHandle()));
                    handled++;
                }
            }
        }
        assertThat(handled).isEqualTo(prepared.chunkCount());
        wiring.finishJob().finish(ACCOUNT, job, prepared.chunkCount(), FinishJob.Ending.CHUNKS_DONE);

        JsonNode done = call(wiring, key, "GET", "/v2/core/batch_jobs/" + job, null);
        assertThat(done.path("status").asText()).isEqualTo("complete");
        assertThat(done.at("/status_details/complete/success_count").asText()).isEqualTo("1");
        assertThat(done.at("/status_details/complete/failure_count").asText()).isEqualTo("1");
    }

    private static JsonNode call(Wiring wiring, String key, String method, String path, String body) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer " + key);
        headers.put("stripe-version", "2026-04-22.preview");
        headers.put("content-type", "application/json");
        ApiResponse response = wiring.batchJobsApi()
                .handle(new ApiRequest(method, path, headers, Map.of(), body == null ? "" : body, "req_localstack"));
        assertThat(response.status()).as(response.body()).isLessThan(300);
        return JSON.readTree(response.body());
    }

    /** Every service the wiring calls, at LocalStack. */
    private static Map<String, String> endpoints() {
        String endpoint = LOCALSTACK.getEndpoint().toString();
        Map<String, String> env = new LinkedHashMap<>();
        for (String service : List.of("DYNAMODB", "S3", "SQS", "SFN", "EVENTBRIDGE", "SECRETSMANAGER")) {
            env.put("AWS_ENDPOINT_URL_" + service, endpoint);
        }
        env.put("AWS_REGION", LOCALSTACK.getRegion());
        env.put("AWS_ACCESS_KEY_ID", LOCALSTACK.getAccessKey());
        env.put("AWS_SECRET_ACCESS_KEY", LOCALSTACK.getSecretKey());
        return env;
    }

    private static <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B client(
            B builder, SdkHttpClient http) {
        return builder.httpClient(http)
                .endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())));
    }
}
