package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.LocalCloudOptions;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An unexpected failure ends the job batch_failed: a committed results part is lost from S3 while the job
 * runs, so the final merge cannot succeed; after its retries the state machine's catch ends the job, with a
 * reason that names the error and holds no stack trace.
 */
class BatchFailedIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalCloud cloud;
    private static S3Client s3;
    private static LocalApi api;

    @BeforeAll
    static void startACloudWithFastRetries() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.ephemeral(LocalCloudOptions.findTemplate(Path.of("")))
                // A checkpoint a second, with no minimum of rows: the first part is there to lose well before the last
                // rows are.
                .withParameters(Map.of("CheckpointEverySeconds", "1", "CheckpointLeastRows", "1"), Optional.empty())
                .withWaitScale(0.02));
        s3 = S3Client.builder()
                .httpClient(Apache5HttpClient.create())
                .endpointOverride(cloud.s3Endpoint())
                .region(Region.of(cloud.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(cloud.credentials()))
                .build();
        api = new LocalApi(cloud);
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        cloud.close();
    }

    @Test
    void aLostResultsPartEndsTheJobBatchFailed() throws Exception {
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            file.append("{\"id\": \"f")
                    .append(i)
                    .append("\", \"path_params\": {\"id\": \"cus_000")
                    .append(i)
                    .append("\"}}\n");
        }
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 1}",
                file.toString());
        // The first part, whatever the token of the checkpoint that wrote it.
        String first = "results/acct_local/" + id + "/chunks/0/part-0";
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> s3.listObjectsV2(b -> b.bucket(LocalClients.BUCKET).prefix(first))
                                .keyCount()
                        > 0);
        String part = s3.listObjectsV2(b -> b.bucket(LocalClients.BUCKET).prefix(first))
                .contents()
                .get(0)
                .key();

        s3.deleteObject(b -> b.bucket(LocalClients.BUCKET).key(part));

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> api.job(id).get("status").asText().equals("batch_failed"));
        String error = api.job(id).at("/status_details/batch_failed/error").asText();
        assertThat(error)
                .contains("internal error")
                .contains("IllegalStateException")
                .doesNotContain("part-0")
                .doesNotContain("at dev.batchjobs");
    }
}
