package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.v2.StripeCollection;
import com.stripe.model.v2.core.BatchJob;
import com.stripe.model.v2.core.Event;
import com.stripe.model.v2.core.EventDestination;
import com.stripe.model.v2.core.EventNotification;
import com.stripe.param.v2.core.BatchJobCreateParams;
import com.stripe.param.v2.core.BatchJobCreateParams.Endpoint.HttpMethod;
import com.stripe.param.v2.core.BatchJobCreateParams.Endpoint.Path;
import com.stripe.param.v2.core.EventDestinationCreateParams;
import com.stripe.param.v2.core.EventDestinationRetrieveParams;
import com.stripe.param.v2.core.EventListParams;
import dev.batchjobs.local.SharedLocalCloud;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stripe's own Java SDK (stripe-java 33.5.0-beta.1), unchanged but for its base URL, against the local cloud:
 * create → upload → retrieve until complete → download → cancel → events → destinations, webhooks verified with
 * {@code StripeClient.parseEventNotification}, and a job on every path of the SDK's typed endpoint enum run
 * against the sandbox target.
 */
class StripeJavaSdkIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern PLACEHOLDER = Pattern.compile(":([a-z_]+)");

    private static WebhookReceiver receiver;
    private final StripeClient stripe = StripeClient.builder()
            .setApiKey(SharedLocalCloud.get()
                    .issueApiKey("acct_sdk"
                            + UUID.randomUUID().toString().replace("-", "").substring(0, 12)))
            .setApiBase(SharedLocalCloud.get().apiBaseUrl().toString().replaceAll("/$", ""))
            .setMaxNetworkRetries(0)
            .build();

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    private static BatchJobCreateParams job(Path path, HttpMethod method) {
        return BatchJobCreateParams.builder()
                .setEndpoint(BatchJobCreateParams.Endpoint.builder()
                        .setPath(path)
                        .setHttpMethod(method)
                        .build())
                .putMetadata("suite", "sdk")
                .setSkipValidation(false)
                .build();
    }

    private static void upload(BatchJob job, String jsonl) throws Exception {
        String url = job.getStatusDetails().getReadyForUpload().getUploadUrl().getUrl();
        int status = HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "application/octet-stream")
                                .PUT(HttpRequest.BodyPublishers.ofString(jsonl))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
        assertThat(status).isEqualTo(200);
    }

    private BatchJob awaitStatus(String id, String status) {
        return await().atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> stripe.v2().core().batchJobs().retrieve(id),
                        j -> j.getStatus().equals(status));
    }

    private static List<JsonNode> download(String url) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                lines.add(MAPPER.readTree(line));
            }
        }
        return lines;
    }

    private EventDestination destination(String path) throws StripeException {
        EventDestination created = stripe.v2()
                .core()
                .eventDestinations()
                .create(EventDestinationCreateParams.builder()
                        .setName("sdk")
                        .setType(EventDestinationCreateParams.Type.WEBHOOK_ENDPOINT)
                        .setEventPayload(EventDestinationCreateParams.EventPayload.THIN)
                        .addEnabledEvent("v2.core.batch_job.*")
                        .setWebhookEndpoint(EventDestinationCreateParams.WebhookEndpoint.builder()
                                .setUrl(receiver.url(path))
                                .build())
                        .addInclude(EventDestinationCreateParams.Include.WEBHOOK_ENDPOINT__SIGNING_SECRET)
                        .build());
        receiver.secret(path, created.getWebhookEndpoint().getSigningSecret());
        return created;
    }

    @Test
    void theSdkDrivesAJobFromCreateToResultsAndItsEventsAndWebhooks() throws Exception {
        String hook = "/sdk-" + UUID.randomUUID();
        EventDestination destination = destination(hook);
        String secret = destination.getWebhookEndpoint().getSigningSecret();

        BatchJob created = stripe.v2().core().batchJobs().create(job(Path.V1_CUSTOMER_UPDATE, HttpMethod.POST));
        assertThat(created.getStatus()).isEqualTo("ready_for_upload");
        assertThat(created.getMetadata()).containsEntry("suite", "sdk");
        upload(created, """
                {"id": "r1", "path_params": {"customer": "cus_0001"}, "params": {"name": "Jenny Rosen"}}
                {"id": "r2", "path_params": {"customer": "cus_nobody"}, "params": {"name": "Nobody"}}
                """);

        BatchJob complete = awaitStatus(created.getId(), "complete");
        BatchJob.StatusDetails.Complete details = complete.getStatusDetails().getComplete();
        assertThat(details.getSuccessCount()).isEqualTo(1L);
        assertThat(details.getFailureCount()).isEqualTo(1L);
        List<JsonNode> results =
                download(details.getOutputFile().getDownloadUrl().getUrl());
        assertThat(results)
                .extracting(r -> r.get("id").asText() + "=" + r.get("status").asInt())
                .containsExactlyInAnyOrder("r1=200", "r2=404");

        BatchJob other = stripe.v2().core().batchJobs().create(job(Path.V1_CUSTOMER_UPDATE, HttpMethod.POST));
        BatchJob canceled = stripe.v2().core().batchJobs().cancel(other.getId());
        assertThat(canceled.getStatus()).isIn("cancelling", "canceled");
        awaitStatus(other.getId(), "canceled");

        StripeCollection<Event> completedEvents = stripe.v2()
                .core()
                .events()
                .list(EventListParams.builder()
                        .setObjectId(created.getId())
                        .addType("v2.core.batch_job.completed")
                        .addType("v2.core.batch_job.created")
                        .build());
        assertThat(completedEvents.getData())
                .extracting(Event::getType)
                .containsExactlyInAnyOrder("v2.core.batch_job.completed", "v2.core.batch_job.created");
        List<String> allTypes = new ArrayList<>();
        stripe.v2()
                .core()
                .events()
                .list(EventListParams.builder().setLimit(2L).build())
                .autoPagingIterable()
                .forEach(e -> allTypes.add(e.getType()));
        assertThat(allTypes).contains("v2.core.batch_job.completed", "v2.core.batch_job.canceled");
        Event one = stripe.v2()
                .core()
                .events()
                .retrieve(completedEvents.getData().get(0).getId());
        assertThat(one.getId()).isEqualTo(completedEvents.getData().get(0).getId());

        WebhookReceiver.Received delivered = await().atMost(DEADLINE)
                .until(
                        () -> receiver.received(hook).stream()
                                .filter(r -> r.type().equals("v2.core.batch_job.completed"))
                                .filter(r -> r.jobId().equals(created.getId()))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        EventNotification notification =
                stripe.parseEventNotification(delivered.payload(), delivered.signature(), secret);
        assertThat(notification.getType()).isEqualTo("v2.core.batch_job.completed");
        assertThat(notification.getId()).isEqualTo(delivered.event().get("id").asText());
    }

    @Test
    void theSdkManagesDestinationsReadsTheSecretWhenAskedAndPingsThem() throws Exception {
        String hook = "/sdk-ping-" + UUID.randomUUID();
        EventDestination created = destination(hook);
        String secret = created.getWebhookEndpoint().getSigningSecret();

        EventDestination plain = stripe.v2().core().eventDestinations().retrieve(created.getId());
        EventDestination withSecret = stripe.v2()
                .core()
                .eventDestinations()
                .retrieve(
                        created.getId(),
                        EventDestinationRetrieveParams.builder()
                                // The typed Include enum has only the URL: the secret is asked for as Stripe's
                                // reference spells it, through the SDK's own extra parameters.
                                .putExtraParam(
                                        "include", List.of("webhook_endpoint.url", "webhook_endpoint.signing_secret"))
                                .build());
        assertThat(plain.getWebhookEndpoint().getSigningSecret()).isNull();
        assertThat(withSecret.getWebhookEndpoint().getSigningSecret()).isEqualTo(secret);
        assertThat(stripe.v2().core().eventDestinations().list().getData())
                .extracting(EventDestination::getId)
                .contains(created.getId());
        assertThat(stripe.v2()
                        .core()
                        .eventDestinations()
                        .disable(created.getId())
                        .getStatus())
                .isEqualTo("disabled");
        assertThat(stripe.v2()
                        .core()
                        .eventDestinations()
                        .enable(created.getId())
                        .getStatus())
                .isEqualTo("enabled");

        Event ping = stripe.v2().core().eventDestinations().ping(created.getId());

        assertThat(ping.getType()).isEqualTo("v2.core.event_destination.ping");
        WebhookReceiver.Received received = await().atMost(DEADLINE)
                .until(() -> receiver.received(hook), list -> !list.isEmpty())
                .get(0);
        EventNotification notification =
                stripe.parseEventNotification(received.payload(), received.signature(), secret);
        assertThat(notification.getId()).isEqualTo(ping.getId());
        assertThat(notification.getType()).isEqualTo("v2.core.event_destination.ping");
        assertThat(stripe.v2()
                        .core()
                        .eventDestinations()
                        .delete(created.getId())
                        .getId())
                .isEqualTo(created.getId());
    }

    @Test
    void everyPathOfTheSdksEndpointEnumRunsAgainstTheSandbox() throws Exception {
        String code = "SDK" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Map<Path, String> rows = new LinkedHashMap<>();
        rows.put(Path.V1_ACCOUNT_UPDATE, "\"acct_0007\"|{\"metadata\": {\"from\": \"sdk\"}}");
        rows.put(Path.V1_COUPON_CREATE, "|{\"percent_off\": 15, \"duration\": \"once\"}");
        rows.put(Path.V1_CUSTOMER_UPDATE, "\"cus_0007\"|{\"name\": \"Seven\"}");
        rows.put(Path.V1_PROMOTION_CODE_CREATE, "|{\"coupon\": \"25OFF\", \"code\": \"" + code + "\"}");
        rows.put(Path.V1_PROMOTION_CODE_UPDATE, "\"promo_0007\"|{\"active\": false}");
        rows.put(Path.V1_SUBSCRIPTION_UPDATE, "\"sub_0987\"|{\"description\": \"from sdk\"}");
        rows.put(Path.V1_SUBSCRIPTION_CANCEL, "\"sub_0988\"|{}");
        rows.put(Path.V1_SUBSCRIPTION_MIGRATE, "\"sub_0989\"|{\"billing_cycle_anchor\": \"unchanged\"}");
        assertThat(rows.keySet()).containsExactlyInAnyOrder(Path.values());

        Map<Path, String> jobs = new LinkedHashMap<>();
        for (Map.Entry<Path, String> row : rows.entrySet()) {
            Path path = row.getKey();
            HttpMethod method = path == Path.V1_SUBSCRIPTION_CANCEL ? HttpMethod.DELETE : HttpMethod.POST;
            BatchJob created = stripe.v2().core().batchJobs().create(job(path, method));
            String[] parts = row.getValue().split("\\|", 2);
            Matcher placeholder = PLACEHOLDER.matcher(path.getValue());
            String pathParams =
                    placeholder.find() ? ", \"path_params\": {\"" + placeholder.group(1) + "\": " + parts[0] + "}" : "";
            upload(created, "{\"id\": \"only\"" + pathParams + ", \"params\": " + parts[1] + "}\n");
            jobs.put(path, created.getId());
        }

        for (Map.Entry<Path, String> job : jobs.entrySet()) {
            BatchJob complete = awaitStatus(job.getValue(), "complete");
            List<JsonNode> results = download(complete.getStatusDetails()
                    .getComplete()
                    .getOutputFile()
                    .getDownloadUrl()
                    .getUrl());
            assertThat(results)
                    .as("%s %s", job.getKey(), results)
                    .singleElement()
                    .satisfies(r -> assertThat(r.get("status").asInt()).isEqualTo(200));
            if (job.getKey() == Path.V1_SUBSCRIPTION_CANCEL) {
                assertThat(results.get(0).path("response").path("status").asText())
                        .isEqualTo("canceled");
            }
        }
    }
}
