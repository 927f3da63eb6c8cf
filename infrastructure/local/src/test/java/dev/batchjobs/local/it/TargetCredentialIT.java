package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.LocalCloudOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The target's credential reaches the target from a secret: the local cloud keeps it in its Secrets Manager, the
 * worker reads it through the production Secrets Manager adapter by the ARN the template passes.
 */
class TargetCredentialIT {
    private static final String AUTHORIZATION = "Bearer sk_test_fromthesecretstore";
    private static LocalCloud cloud;
    private static LocalApi api;

    @BeforeAll
    static void startACloudWhoseTargetTakesACredential() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.ephemeral(LocalCloudOptions.findTemplate(Path.of("")))
                .withParameters(Map.of(LocalCloud.TARGET_AUTHORIZATION, AUTHORIZATION), Optional.empty()));
        api = new LocalApi(cloud);
    }

    @AfterAll
    static void stop() throws Exception {
        cloud.close();
    }

    @Test
    void everyRequestToTheTargetCarriesTheCredentialReadFromTheSecret() throws Exception {
        JsonNode job = api.call(
                "POST",
                "/v2/core/batch_jobs",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}");
        String id = job.get("id").asText();
        int put = LocalApi.put(
                job.at("/status_details/ready_for_upload/upload_url/url").asText(),
                "{\"id\": \"r1\", \"path_params\": {\"id\": \"cus_0001\"}, \"params\": {\"name\": \"A\"}}\n"
                        + "{\"id\": \"r2\", \"path_params\": {\"id\": \"cus_0002\"}, \"params\": {\"name\": \"B\"}}\n");
        assertThat(put).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> api.call("GET", "/v2/core/batch_jobs/" + id, null)
                        .get("status")
                        .asText()
                        .equals("complete"));

        assertThat(cloud.sandbox().authorizations()).hasSize(2).containsOnly(AUTHORIZATION);
    }
}
