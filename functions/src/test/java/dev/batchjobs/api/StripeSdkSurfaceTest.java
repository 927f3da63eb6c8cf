package dev.batchjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.events.WebhookSigner;
import dev.batchjobs.json.Json;
import dev.batchjobs.testing.ApiFixture;
import dev.batchjobs.testing.ApiFixture.Result;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What Stripe's current SDKs (stripe-java 33.5.0-beta.1, stripe-node 22.7.0-beta.1) send, on in-memory fakes:
 * their endpoint paths, the events list's {@code types}, {@code include} of the signing secret, ping, and the
 * {@code Stripe-Version} they set.
 */
class StripeSdkSurfaceTest {
    private static final String DESTINATION = """
            {"name": "billing", "type": "webhook_endpoint", "event_payload": "thin",
             "enabled_events": ["v2.core.batch_job.completed"],
             "webhook_endpoint": {"url": "https://hooks.example.com/stripe"}}""";

    private final ApiFixture fixture = new ApiFixture();
    private final String key = fixture.newKey("acct_alpha");

    private Result createJob(String path, String method) {
        return fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .json("{\"endpoint\": {\"path\": \"" + path + "\", \"http_method\": \"" + method + "\"}}")
                .send();
    }

    @ParameterizedTest
    @CsvSource({
        "/v1/accounts/:account, post",
        "/v1/coupons, post",
        "/v1/customers/:customer, post",
        "/v1/promotion_codes, post",
        "/v1/promotion_codes/:promotion_code, post",
        "/v1/subscriptions/:subscription_exposed_id, post",
        "/v1/subscriptions/:subscription_exposed_id, delete",
        "/v1/subscriptions/:subscription/migrate, post",
        "/v1/subscriptions/:id, delete",
    })
    void everyPathOfTheSdksEndpointEnumsCreatesAJob(String path, String method) {
        Result created = createJob(path, method);

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body().path("endpoint").path("path").asText()).isEqualTo(path);
        assertThat(created.body().path("endpoint").path("http_method").asText()).isEqualTo(method);
    }

    @Test
    void aPathTheRegistryLacksIsStillRefused() {
        Result created = createJob("/v1/coupons/:coupon", "delete");

        assertThat(created.status()).isEqualTo(400);
        assertThat(created.errorCode()).isEqualTo("batch_api_unsupported_endpoint");
    }

    @Test
    void eventsFilterByTypesInEverySpellingAndPageWithTheFilter() {
        for (int i = 0; i < 3; i++) {
            String job = createJob("/v1/customers/:customer", "post")
                    .body()
                    .get("id")
                    .asText();
            fixture.call("POST", "/v2/core/batch_jobs/" + job + "/cancel")
                    .key(key)
                    .send();
        }

        List<String> seen = new ArrayList<>();
        String nextPage = null;
        do {
            ApiFixture.Call call = fixture.call("GET", "/v2/core/events")
                    .key(key)
                    .query("limit", "2")
                    .query("types", "v2.core.batch_job.canceled", "v2.core.batch_job.created");
            if (nextPage != null) {
                call.query("page", nextPage);
            }
            JsonNode body = call.send().body();
            body.get("data").forEach(e -> seen.add(e.get("type").asText()));
            nextPage = body.get("next_page_url").isNull()
                    ? null
                    : body.get("next_page_url").asText().replaceAll(".*[?&]page=", "");
            if (nextPage != null) {
                assertThat(body.get("next_page_url").asText())
                        .contains("types=v2.core.batch_job.canceled")
                        .contains("types=v2.core.batch_job.created");
                nextPage = URLDecoder.decode(nextPage, StandardCharsets.UTF_8);
            }
        } while (nextPage != null);

        assertThat(seen).hasSize(6);
        assertThat(Set.copyOf(seen))
                .containsExactlyInAnyOrder("v2.core.batch_job.canceled", "v2.core.batch_job.created");
    }

    @Test
    void eventsFilterByTypeAndObjectTogether() {
        String job =
                createJob("/v1/customers/:customer", "post").body().get("id").asText();
        createJob("/v1/customers/:customer", "post");

        JsonNode data = fixture.call("GET", "/v2/core/events")
                .key(key)
                .query("object_id", job)
                .query("types", "v2.core.batch_job.created")
                .send()
                .body()
                .get("data");

        assertThat(data).hasSize(1);
        assertThat(data.get(0).path("related_object").path("id").asText()).isEqualTo(job);
    }

    @Test
    void aMalformedEventTypeIsASpecific400() {
        Result result = fixture.call("GET", "/v2/core/events")
                .key(key)
                .query("types", "not a type")
                .send();

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("parameter_invalid");
        assertThat(result.body().path("error").path("param").asText()).isEqualTo("types");
    }

    @Test
    void includeAsksForTheSigningSecretOnRetrieveAndList() {
        JsonNode created = fixture.call("POST", "/v2/core/event_destinations")
                .key(key)
                .json(DESTINATION)
                .send()
                .body();
        String id = created.get("id").asText();
        String secret = created.path("webhook_endpoint").path("signing_secret").asText();

        JsonNode read = fixture.call("GET", "/v2/core/event_destinations/" + id)
                .key(key)
                .query("include", "webhook_endpoint.signing_secret")
                .send()
                .body();
        JsonNode listed = fixture.call("GET", "/v2/core/event_destinations")
                .key(key)
                .query("include", "webhook_endpoint.signing_secret", "webhook_endpoint.url")
                .send()
                .body();
        Result unknown = fixture.call("GET", "/v2/core/event_destinations/" + id)
                .key(key)
                .query("include", "webhook_endpoint.password")
                .send();

        assertThat(read.path("webhook_endpoint").path("signing_secret").asText())
                .isEqualTo(secret);
        assertThat(read.path("webhook_endpoint").path("url").asText()).isEqualTo("https://hooks.example.com/stripe");
        assertThat(listed.path("data")
                        .get(0)
                        .path("webhook_endpoint")
                        .path("signing_secret")
                        .asText())
                .isEqualTo(secret);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("error").path("param").asText()).isEqualTo("include");
    }

    @Test
    void pingSendsASignedPingEventToTheDestinationAndAnswersIt() {
        JsonNode created = fixture.call("POST", "/v2/core/event_destinations")
                .key(key)
                .json(DESTINATION)
                .send()
                .body();
        String id = created.get("id").asText();
        String secret = created.path("webhook_endpoint").path("signing_secret").asText();

        Result pinged = fixture.call("POST", "/v2/core/event_destinations/" + id + "/ping")
                .key(key)
                .send();

        assertThat(pinged.status()).isEqualTo(200);
        JsonNode event = pinged.body();
        assertThat(event.get("object").asText()).isEqualTo("v2.core.event");
        assertThat(event.get("type").asText()).isEqualTo("v2.core.event_destination.ping");
        assertThat(event.get("id").asText()).startsWith("evt_");
        assertThat(event.path("related_object").path("id").asText()).isEqualTo(id);
        assertThat(event.path("related_object").path("type").asText()).isEqualTo("v2.core.event_destination");
        assertThat(fixture.webhooks).hasSize(1);
        ApiFixture.SentWebhook sent = fixture.webhooks.get(0);
        assertThat(sent.url().toString()).isEqualTo("https://hooks.example.com/stripe");
        assertThat(Json.parseBody(sent.payload())).isEqualTo(event);
        assertThat(sent.headers().get(WebhookSigner.HEADER))
                .isEqualTo(WebhookSigner.header(sent.payload(), List.of(secret), fixture.clock.instant()));
        assertThat(fixture.call("POST", "/v2/core/event_destinations/ed_nobody/ping")
                        .key(key)
                        .send()
                        .status())
                .isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-25.preview", "2026-04-22.preview", "2026-08-26.preview"})
    void theDocumentedAndTheSdksPreviewVersionsAreServed(String version) {
        Result result = fixture.call("GET", "/v2/core/batch_jobs")
                .key(key)
                .header("stripe-version", version)
                .send();

        assertThat(result.status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"banana", "2026-02-30.preview", "2025-12-15.preview", "2026-04-22", "2026-04-22.preview;x"})
    void aMalformedOrUnservedVersionIsRefusedInStripesShape(String version) {
        Result result = fixture.call("GET", "/v2/core/batch_jobs")
                .key(key)
                .header("stripe-version", version)
                .send();

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("api_version_invalid");
        assertThat(result.body().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(result.body().path("error").path("message").asText()).contains("Invalid Stripe API version");
    }
}
