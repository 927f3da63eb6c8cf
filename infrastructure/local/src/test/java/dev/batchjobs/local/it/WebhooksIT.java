package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.LocalCloudOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Webhooks end to end on the local cloud: job changes → outbox → EventBridge bus → rule → webhook queue →
 * dispatcher → a receiver that verifies every signature. Retries are fast here (1 s base, 10 s window) so
 * that a failing receiver's redelivery and the dead-letter queue are seen in seconds.
 */
class WebhooksIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CUSTOMERS =
            "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, "
                    + "\"metadata\": {\"run\": \"webhooks-it\"}}";
    private static final Duration DEADLINE = Duration.ofSeconds(45);
    private static LocalCloud cloud;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.ephemeral(LocalCloudOptions.findTemplate(Path.of("")))
                .withParameters(
                        Map.of(
                                "UploadUrlTtlSeconds",
                                "4",
                                "WebhookRetryBaseSeconds",
                                "1",
                                "WebhookRetryWindowSeconds",
                                "10",
                                "ProgressEventIntervalSeconds",
                                "1"),
                        Optional.of(Duration.ofSeconds(1))));
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() throws Exception {
        receiver.close();
        cloud.close();
    }

    /** A fresh account, so each test sees only its own events. */
    private static LocalApi newAccount() {
        return new LocalApi(
                cloud,
                cloud.issueApiKey(
                        "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)));
    }

    /** A destination at a fresh receiver path; returns the path. */
    private static String destination(LocalApi api, String events) throws Exception {
        String path = "/" + UUID.randomUUID();
        JsonNode created = api.call(
                "POST",
                "/v2/core/event_destinations",
                "{\"enabled_events\": " + events + ", \"webhook_endpoint\": {\"url\": \"" + receiver.url(path)
                        + "\"}}");
        receiver.secret(
                path, created.path("webhook_endpoint").path("signing_secret").asText());
        return path;
    }

    private static List<String> typesFor(String path, String jobId) {
        return receiver.received(path).stream()
                .filter(r -> r.jobId().equals(jobId))
                .map(WebhookReceiver.Received::type)
                .toList();
    }

    @Test
    void aCompletedJobsEveryTransitionArrivesSignedAndMatchesTheEventsApi() throws Exception {
        LocalApi api = newAccount();
        String path = destination(api, "[\"*\"]");
        String id = api.createAndUpload(
                CUSTOMERS,
                "{\"id\":\"r1\",\"path_params\":{\"id\":\"cus_0001\"},\"params\":{\"name\":\"A\"}}\n"
                        + "{\"id\":\"r2\",\"path_params\":{\"id\":\"cus_0002\"},\"params\":{\"name\":\"B\"}}\n");

        await().atMost(DEADLINE).until(() -> typesFor(path, id).contains("v2.core.batch_job.completed"));

        assertThat(typesFor(path, id))
                .contains(
                        "v2.core.batch_job.created",
                        "v2.core.batch_job.ready_for_upload",
                        "v2.core.batch_job.validating",
                        "v2.core.batch_job.updated",
                        "v2.core.batch_job.completed");
        assertThat(receiver.received(path))
                .allSatisfy(r -> assertThat(r.signatureValid()).as("signature").isTrue());
        WebhookReceiver.Received completed = receiver.received(path).stream()
                .filter(r -> r.type().equals("v2.core.batch_job.completed"))
                .findFirst()
                .orElseThrow();
        assertThat(completed.event().path("data").path("success_count").asText())
                .isEqualTo("2");
        assertThat(completed.event().path("metadata").path("run").asText()).isEqualTo("webhooks-it");
        assertThat(api.call(
                        "GET", "/v2/core/events/" + completed.event().get("id").asText(), null))
                .isEqualTo(completed.event());
        JsonNode listed = api.call("GET", "/v2/core/events?object_id=" + id + "&limit=100", null)
                .get("data");
        assertThat(listed.findValuesAsText("type"))
                .contains("v2.core.batch_job.completed", "v2.core.batch_job.validating");
    }

    @Test
    void canceledValidationFailedAndUploadTimeoutJobsEachSendTheirEvent() throws Exception {
        LocalApi api = newAccount();
        String path = destination(
                api,
                "[\"v2.core.batch_job.canceled\", \"v2.core.batch_job.validation_failed\", "
                        + "\"v2.core.batch_job.upload_timeout\"]");
        String canceled =
                api.call("POST", "/v2/core/batch_jobs", CUSTOMERS).get("id").asText();
        api.call("POST", "/v2/core/batch_jobs/" + canceled + "/cancel", null);
        String invalid = api.createAndUpload(CUSTOMERS, "{\"id\":\"r1\"}\n");
        String neverUploaded =
                api.call("POST", "/v2/core/batch_jobs", CUSTOMERS).get("id").asText();

        await().atMost(DEADLINE)
                .until(() -> typesFor(path, canceled).contains("v2.core.batch_job.canceled")
                        && typesFor(path, invalid).contains("v2.core.batch_job.validation_failed")
                        && typesFor(path, neverUploaded).contains("v2.core.batch_job.upload_timeout"));

        assertThat(receiver.received(path)).allSatisfy(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.type())
                    .as("only the subscribed types")
                    .isIn(
                            "v2.core.batch_job.canceled",
                            "v2.core.batch_job.validation_failed",
                            "v2.core.batch_job.upload_timeout");
        });
    }

    @Test
    void aReceiverThatFailsForAWhileGetsTheEventLater() throws Exception {
        LocalApi api = newAccount();
        String path = destination(api, "[\"v2.core.batch_job.created\"]");
        receiver.failFirst(path, 2);
        String id = api.call("POST", "/v2/core/batch_jobs", CUSTOMERS).get("id").asText();

        await().atMost(DEADLINE).until(() -> receiver.received(path).stream().anyMatch(r -> r.answered() == 200));

        List<WebhookReceiver.Received> attempts = receiver.received(path);
        // The shape of the retries, not the machine's luck: the two failures, then the success; delivery is at least
        // once, so a loaded machine may deliver the same event again after its 200, and that is all it may do.
        List<Integer> answered =
                attempts.stream().map(WebhookReceiver.Received::answered).toList();
        assertThat(answered.subList(0, 3)).containsExactly(503, 503, 200);
        assertThat(answered.subList(3, answered.size()))
                .allSatisfy(code -> assertThat(code).isEqualTo(200));
        assertThat(attempts).allSatisfy(r -> {
            assertThat(r.jobId()).isEqualTo(id);
            assertThat(r.signatureValid()).isTrue();
        });
        assertThat(attempts.stream().map(r -> r.event().get("id").asText()).distinct())
                .hasSize(1);
    }

    @Test
    void aReceiverThatNeverAnswers2xxSendsTheDeliveryToTheDeadLetterQueue() throws Exception {
        LocalApi api = newAccount();
        String path = destination(api, "[\"v2.core.batch_job.created\"]");
        receiver.alwaysAnswer(path, 500);
        String id = api.call("POST", "/v2/core/batch_jobs", CUSTOMERS).get("id").asText();
        String destinationId = api.call("GET", "/v2/core/event_destinations", null)
                .get("data")
                .get(0)
                .get("id")
                .asText();
        String eventId = null;
        for (JsonNode event : api.call("GET", "/v2/core/events?object_id=" + id + "&limit=100", null)
                .get("data")) {
            if (event.get("type").asText().equals("v2.core.batch_job.created")) {
                eventId = event.get("id").asText();
            }
        }

        try (SqsClient sqs = SqsClient.builder()
                .endpointOverride(cloud.sqsEndpoint())
                .region(Region.of(cloud.region()))
                .credentialsProvider(StaticCredentialsProvider.create(cloud.credentials()))
                .build()) {
            String dlq = cloud.queueUrls().get("WebhookDeadLetterQueue");
            JsonNode[] dead = new JsonNode[1];
            await().atMost(DEADLINE).until(() -> {
                for (Message message : sqs.receiveMessage(
                                b -> b.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages()) {
                    JsonNode delivery = MAPPER.readTree(message.body()).path("delivery");
                    if (delivery.path("destination_id").asText().equals(destinationId)) {
                        dead[0] = delivery;
                    }
                }
                return dead[0] != null;
            });
            assertThat(dead[0].path("last_error").asText()).isEqualTo("HTTP 500");
            assertThat(dead[0].path("attempts").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(dead[0].path("event_id").asText()).isEqualTo(eventId);
            assertThat(receiver.received(path))
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.answered()).isEqualTo(500));
        }
    }

    @Test
    void aPrivateOrMetadataAddressIsRefusedOnCreate() throws Exception {
        LocalApi api = newAccount();
        for (String url : List.of(
                "https://169.254.169.254/latest/meta-data", "https://10.1.2.3/hook", "http://example.com/hook")) {
            var response = api.send(
                    "POST",
                    "/v2/core/event_destinations",
                    "{\"enabled_events\": [\"*\"], \"webhook_endpoint\": {\"url\": \"" + url + "\"}}");
            assertThat(response.statusCode()).as(url).isEqualTo(400);
            assertThat(MAPPER.readTree(response.body())
                            .path("error")
                            .path("param")
                            .asText())
                    .isEqualTo("webhook_endpoint.url");
        }
    }

    @Test
    void oneAccountsDestinationsNeverReceiveAnothersEvents() throws Exception {
        LocalApi alpha = newAccount();
        LocalApi beta = newAccount();
        String alphaPath = destination(alpha, "[\"*\"]");
        String betaPath = destination(beta, "[\"*\"]");
        String alphaJob =
                alpha.call("POST", "/v2/core/batch_jobs", CUSTOMERS).get("id").asText();
        String betaJob =
                beta.call("POST", "/v2/core/batch_jobs", CUSTOMERS).get("id").asText();

        await().atMost(DEADLINE)
                .until(() -> typesFor(alphaPath, alphaJob).contains("v2.core.batch_job.ready_for_upload")
                        && typesFor(betaPath, betaJob).contains("v2.core.batch_job.ready_for_upload"));

        assertThat(receiver.received(alphaPath))
                .extracting(WebhookReceiver.Received::jobId)
                .containsOnly(alphaJob);
        assertThat(receiver.received(betaPath))
                .extracting(WebhookReceiver.Received::jobId)
                .containsOnly(betaJob);
        assertThat(beta.send("GET", "/v2/core/events?object_id=" + alphaJob, null)
                        .body())
                .contains("\"data\":[]");
    }

    @Test
    void theLocalInboxOfTheReadmeTourShowsAJobsSignedEvents() throws Exception {
        LocalApi api = newAccount();
        String inbox = cloud.apiBaseUrl() + "/_local/webhooks/tour-" + UUID.randomUUID();
        JsonNode destination = api.call(
                "POST",
                "/v2/core/event_destinations",
                "{\"enabled_events\": [\"v2.core.batch_job.*\"], \"webhook_endpoint\": {\"url\": \"" + inbox + "\"}}");
        String secret =
                destination.path("webhook_endpoint").path("signing_secret").asText();
        String id = api.call("POST", "/v2/core/batch_jobs", CUSTOMERS).get("id").asText();

        JsonNode[] arrived = new JsonNode[1];
        await().atMost(DEADLINE).until(() -> {
            arrived[0] = MAPPER.readTree(LocalApi.download(inbox)).get("data");
            return arrived[0].size() >= 2;
        });

        for (JsonNode delivery : arrived[0]) {
            assertThat(delivery.at("/event/related_object/id").asText()).isEqualTo(id);
            assertThat(WebhookReceiver.verify(
                            MAPPER.writeValueAsString(delivery.get("event")),
                            delivery.get("stripe_signature").asText(),
                            secret))
                    .isTrue();
        }
    }
}
