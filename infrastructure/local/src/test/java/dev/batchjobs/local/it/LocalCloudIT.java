package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.LocalCloudOptions;
import dev.batchjobs.local.SharedLocalCloud;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the README promises about running locally. */
class LocalCloudIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(URI base, String path, String key) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer " + key)
                        .header("Stripe-Version", "2026-04-22.preview")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRestartOnTheSameDataDirectoryKeepsJobsKeysAndResults(@TempDir Path data) throws Exception {
        Path template = LocalCloudOptions.findTemplate(Path.of(""));
        LocalCloudOptions options = new LocalCloudOptions(
                Optional.of(data),
                0,
                0,
                0,
                0,
                template,
                "batchjobs",
                Optional.empty(),
                Map.of(),
                Optional.empty(),
                1.0);
        String key;
        String jobId;
        JsonNode finished;
        try (LocalCloud first = LocalCloud.start(options)) {
            key = first.apiKey();
            assertThat(first.banner()).contains(first.apiBaseUrl().toString()).contains(key);
            LocalApi api = new LocalApi(first);
            jobId = api.createAndUpload(
                    "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}",
                    "{\"id\": \"a\", \"path_params\": {\"id\": \"cus_0001\"}}\n");
            String id = jobId;
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> api.job(id).get("status").asText().equals("complete"));
            finished = api.job(jobId);
        }

        try (LocalCloud second = LocalCloud.start(options)) {
            HttpResponse<String> again = get(second.apiBaseUrl(), "/v2/core/batch_jobs/" + jobId, key);

            assertThat(again.statusCode()).isEqualTo(200);
            JsonNode job = MAPPER.readTree(again.body());
            assertThat(job.get("status").asText()).isEqualTo("complete");
            assertThat(job.at("/status_details/complete/success_count").asText())
                    .isEqualTo("1");
            assertThat(job.at("/status_details/complete/output_file/size"))
                    .isEqualTo(finished.at("/status_details/complete/output_file/size"));
            assertThat(LocalApi.download(job.at("/status_details/complete/output_file/download_url/url")
                            .asText()))
                    .contains("\"id\":\"a\"")
                    .contains("\"status\":200");
        }
    }

    @Test
    void theOperatorsKeyCommandCreatesKeysThatWorkAndRevokesThem() throws Exception {
        LocalCloud cloud = SharedLocalCloud.get();

        CommandResult created = apiKeysCommand(cloud, "create", "--account", "acct_operator");
        assertThat(created.exitCode()).as(created.output()).isZero();
        Matcher secret = Pattern.compile("secret:\\s+(sk_test_\\S+)").matcher(created.output());
        Matcher keyId = Pattern.compile("key_id:\\s+(key_\\S+)").matcher(created.output());
        assertThat(secret.find()).isTrue();
        assertThat(keyId.find()).isTrue();
        assertThat(get(cloud.apiBaseUrl(), "/v2/core/batch_jobs", secret.group(1))
                        .statusCode())
                .isEqualTo(200);

        CommandResult revoked = apiKeysCommand(cloud, "revoke", "--key-id", keyId.group(1));
        assertThat(revoked.exitCode()).as(revoked.output()).isZero();
        assertThat(get(cloud.apiBaseUrl(), "/v2/core/batch_jobs", secret.group(1))
                        .statusCode())
                .isEqualTo(401);
    }

    private record CommandResult(int exitCode, String output) {}

    /** The README's command, as a separate process, with the environment the banner tells an operator to set. */
    private static CommandResult apiKeysCommand(LocalCloud cloud, String... args)
            throws IOException, InterruptedException {
        Path jar = Path.of("..", "..", "functions", "target", "functions-lambda.jar");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                jar.toString(),
                "dev.batchjobs.cli.ApiKeysCommand"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment()
                .putAll(Map.of(
                        "API_KEYS_TABLE", LocalClients.API_KEYS_TABLE,
                        "AWS_REGION", cloud.region(),
                        "AWS_ACCESS_KEY_ID", cloud.credentials().accessKeyId(),
                        "AWS_SECRET_ACCESS_KEY", cloud.credentials().secretAccessKey(),
                        "AWS_ENDPOINT_URL_DYNAMODB", cloud.dynamoDbEndpoint().toString()));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new CommandResult(process.exitValue(), output);
    }
}
