package dev.batchjobs.local.it;

import dev.batchjobs.local.SharedLocalCloud;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Real AWS SDK clients pointed at the shared local cloud's emulators, built once per JVM. */
final class LocalClients {
    static final String STACK = "batchjobs";
    static final String JOBS_TABLE = STACK + "-jobs";
    static final String API_KEYS_TABLE = STACK + "-api-keys";
    static final String EVENTS_TABLE = STACK + "-events";
    static final String FAILURES_TABLE = STACK + "-failures";
    static final String DESTINATIONS_TABLE = STACK + "-destinations";
    static final String TARGET_LEASES_TABLE = STACK + "-target-leases";
    static final String BUCKET = STACK + "-data-000000000000";

    private static DynamoDbClient dynamoDb;
    private static S3Client s3;
    private static S3Presigner presigner;
    private static SqsClient sqs;

    private LocalClients() {}

    static synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            var cloud = SharedLocalCloud.get();
            dynamoDb = DynamoDbClient.builder()
                    .httpClient(Apache5HttpClient.create())
                    .endpointOverride(cloud.dynamoDbEndpoint())
                    .region(Region.of(cloud.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(cloud.credentials()))
                    .build();
        }
        return dynamoDb;
    }

    static synchronized S3Client s3() {
        if (s3 == null) {
            var cloud = SharedLocalCloud.get();
            s3 = S3Client.builder()
                    .httpClient(Apache5HttpClient.create())
                    .endpointOverride(cloud.s3Endpoint())
                    .region(Region.of(cloud.region()))
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(true)
                            .build())
                    .credentialsProvider(StaticCredentialsProvider.create(cloud.credentials()))
                    .build();
        }
        return s3;
    }

    static synchronized SqsClient sqs() {
        if (sqs == null) {
            var cloud = SharedLocalCloud.get();
            sqs = SqsClient.builder()
                    .httpClient(Apache5HttpClient.create())
                    .endpointOverride(cloud.sqsEndpoint())
                    .region(Region.of(cloud.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(cloud.credentials()))
                    .build();
        }
        return sqs;
    }

    static synchronized S3Presigner presigner() {
        if (presigner == null) {
            var cloud = SharedLocalCloud.get();
            presigner = S3Presigner.builder()
                    .endpointOverride(cloud.s3Endpoint())
                    .region(Region.of(cloud.region()))
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(true)
                            .build())
                    .credentialsProvider(StaticCredentialsProvider.create(cloud.credentials()))
                    .build();
        }
        return presigner;
    }
}
