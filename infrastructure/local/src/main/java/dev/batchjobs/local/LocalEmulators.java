package dev.batchjobs.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * DynamoDB Local, ElasticMQ and S3Proxy in this JVM, started side by side, and what reaches them: the SDK
 * clients the local cloud itself uses and the template's tables, bucket and queues created in them.
 */
final class LocalEmulators implements AutoCloseable {
    private final DynamoDbLocalEmulator dynamoDb;
    private final SqsEmulator sqs;
    private final S3ProxyEmulator s3;

    private LocalEmulators(DynamoDbLocalEmulator dynamoDb, SqsEmulator sqs, S3ProxyEmulator s3) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.s3 = s3;
    }

    /** @param s3Events receives an "Object Created" event for every object written to S3 */
    static LocalEmulators start(LocalCloudOptions options, Consumer<JsonNode> s3Events) {
        Optional<Path> dataDir = options.dataDir();
        CompletableFuture<DynamoDbLocalEmulator> dynamoDbStart = CompletableFuture.supplyAsync(() -> unchecked(
                () -> DynamoDbLocalEmulator.start(options.dynamoDbPort(), dataDir.map(d -> d.resolve("dynamodb")))));
        CompletableFuture<SqsEmulator> sqsStart =
                CompletableFuture.supplyAsync(() -> SqsEmulator.start(options.sqsPort()));
        CompletableFuture<S3ProxyEmulator> s3Start = CompletableFuture.supplyAsync(() ->
                unchecked(() -> S3ProxyEmulator.start(options.s3Port(), dataDir.map(d -> d.resolve("s3")), s3Events)));
        return new LocalEmulators(dynamoDbStart.join(), sqsStart.join(), s3Start.join());
    }

    URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    URI s3Endpoint() {
        return s3.endpoint();
    }

    URI sqsEndpoint() {
        return sqs.endpoint();
    }

    /** Creates what the template declares (see {@link Provisioner}); queue logical id → queue URL. */
    Map<String, String> provision(SamTemplate template, SdkHttpClient httpClient) {
        try (DynamoDbClient dynamoDbClient = DynamoDbClient.builder()
                        .httpClient(httpClient)
                        .endpointOverride(dynamoDb.endpoint())
                        .region(Region.of(LocalAws.REGION))
                        .credentialsProvider(StaticCredentialsProvider.create(LocalAws.credentials()))
                        .build();
                S3Client s3Client = S3Client.builder()
                        .httpClient(httpClient)
                        .endpointOverride(s3.endpoint())
                        .serviceConfiguration(S3Configuration.builder()
                                .pathStyleAccessEnabled(true)
                                .build())
                        .region(Region.of(LocalAws.REGION))
                        .credentialsProvider(StaticCredentialsProvider.create(LocalAws.credentials()))
                        .build();
                SqsClient sqsClient = sqsClient(httpClient)) {
            return new Provisioner(template).provision(dynamoDbClient, s3Client, sqsClient);
        }
    }

    /** An SQS client of ElasticMQ; the caller closes it. */
    SqsClient sqsClient(SdkHttpClient httpClient) {
        return SqsClient.builder()
                .httpClient(httpClient)
                .endpointOverride(sqs.endpoint())
                .region(Region.of(LocalAws.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(LocalAws.credentials()))
                .build();
    }

    /** Stops all three; the first failure is thrown once all have been tried. */
    @Override
    public void close() throws Exception {
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
