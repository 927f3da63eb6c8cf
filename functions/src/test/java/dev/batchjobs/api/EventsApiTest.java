package dev.batchjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.testing.ApiFixture;
import dev.batchjobs.testing.ApiFixture.Result;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Event destinations and events over HTTP, on in-memory fakes. */
class EventsApiTest {
    private static final String DESTINATION = """
            {"name": "billing", "type": "webhook_endpoint", "event_payload": "thin",
             "enabled_events": ["v2.core.batch_job.*"], "webhook_endpoint": {"url": "https://hooks.example.com/stripe"},
             "description": "ops", "metadata": {"team": "billing"}}""";
    private static final String JOB = """
            {"endpoint": {"path": "/v1/customers/:id", "http_method": "post"}, "metadata": {"run": "r1"}}""";

    private final ApiFixture fixture = new ApiFixture();
    private final String key = fixture.newKey("acct_alpha");
    private final String otherKey = fixture.newKey("acct_beta");

    private Result call(String method, String path, String json, String apiKey) {
        ApiFixture.Call call = fixture.call(method, path).key(apiKey);
        return json == null ? call.send() : call.json(json).send();
    }

    @Test
    void createAnswersStripesDestinationShapeAndTheSecretOnlyThen() {
        Result created = call("POST", "/v2/core/event_destinations", DESTINATION, key);

        assertThat(created.status()).isEqualTo(200);
        JsonNode body = created.body();
        assertThat(body.get("id").asText()).startsWith("ed_");
        assertThat(body.get("object").asText()).isEqualTo("v2.core.event_destination");
        assertThat(body.get("status").asText()).isEqualTo("enabled");
        assertThat(body.get("type").asText()).isEqualTo("webhook_endpoint");
        assertThat(body.get("event_payload").asText()).isEqualTo("thin");
        assertThat(body.get("enabled_events").get(0).asText()).isEqualTo("v2.core.batch_job.*");
        assertThat(body.get("metadata").get("team").asText()).isEqualTo("billing");
        assertThat(body.path("webhook_endpoint").get("url").asText()).isEqualTo("https://hooks.example.com/stripe");
        String secret = body.path("webhook_endpoint").get("signing_secret").asText();
        assertThat(secret).matches("whsec_[A-Za-z0-9]{32}");

        Result read =
                call("GET", "/v2/core/event_destinations/" + body.get("id").asText(), null, key);
        assertThat(read.body().path("webhook_endpoint").get("signing_secret").isNull())
                .isTrue();
        assertThat(read.body().toString()).doesNotContain(secret);
        assertThat(call("GET", "/v2/core/event_destinations", null, key).body().toString())
                .doesNotContain(secret);
    }

    @Test
    void rotatingShowsTheNewSecretOnce() {
        String id = call("POST", "/v2/core/event_destinations", DESTINATION, key)
                .body()
                .get("id")
                .asText();
        String before = fixture.destinations
                .find(AccountScope.test("acct_alpha"), id)
                .orElseThrow()
                .secret();

        Result rotated = call(
                "POST",
                "/v2/core/event_destinations/" + id + "/rotate_secret",
                "{\"expire_previous_secret_in\": 600}",
                key);

        String after =
                rotated.body().path("webhook_endpoint").get("signing_secret").asText();
        assertThat(after).startsWith("whsec_").isNotEqualTo(before);
        assertThat(fixture.destinations
                        .find(AccountScope.test("acct_alpha"), id)
                        .orElseThrow()
                        .previousSecret())
                .isEqualTo(before);
        assertThat(call(
                                "POST",
                                "/v2/core/event_destinations/" + id + "/rotate_secret",
                                "{\"expire_previous_secret_in\": 90000}",
                                key)
                        .errorCode())
                .isEqualTo("parameter_invalid");
    }

    @Test
    void updateDisableEnableAndDelete() {
        String id = call("POST", "/v2/core/event_destinations", DESTINATION, key)
                .body()
                .get("id")
                .asText();
        String path = "/v2/core/event_destinations/" + id;

        Result updated = call(
                "POST", path, "{\"enabled_events\": [\"v2.core.batch_job.completed\"], \"description\": \"new\"}", key);
        assertThat(updated.body().get("enabled_events").toString()).isEqualTo("[\"v2.core.batch_job.completed\"]");
        assertThat(updated.body().get("description").asText()).isEqualTo("new");
        assertThat(updated.body().get("name").asText()).as("unchanged").isEqualTo("billing");

        assertThat(call("POST", path + "/disable", null, key)
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("disabled");
        assertThat(call("POST", path + "/enable", null, key)
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("enabled");

        Result deleted = call("DELETE", path, null, key);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().get("deleted").asBoolean()).isTrue();
        assertThat(call("GET", path, null, key).status()).isEqualTo(404);
    }

    @Test
    void anAccountHasAtMostSixteenDestinations() {
        for (int i = 0; i < 16; i++) {
            assertThat(call("POST", "/v2/core/event_destinations", DESTINATION, key)
                            .status())
                    .isEqualTo(200);
        }

        Result seventeenth = call("POST", "/v2/core/event_destinations", DESTINATION, key);

        assertThat(seventeenth.status()).isEqualTo(400);
        assertThat(seventeenth.body().path("error").path("param").asText()).isEqualTo("webhook_endpoint");
        assertThat(seventeenth.body().path("error").path("message").asText()).contains("at most 16");
        assertThat(call("POST", "/v2/core/event_destinations", DESTINATION, otherKey)
                        .status())
                .as("another account's count is its own")
                .isEqualTo(200);
    }

    @Test
    void anUpdateChecksTheNewUrlAsCreateDoes() {
        String id = call("POST", "/v2/core/event_destinations", DESTINATION, key)
                .body()
                .get("id")
                .asText();

        Result updated = call(
                "POST",
                "/v2/core/event_destinations/" + id,
                "{\"webhook_endpoint\": {\"url\": \"https://169.254.169.254/latest\"}}",
                key);

        assertThat(updated.status()).isEqualTo(400);
        assertThat(updated.body().path("error").path("param").asText()).isEqualTo("webhook_endpoint.url");
        assertThat(call("GET", "/v2/core/event_destinations/" + id, null, key)
                        .body()
                        .path("webhook_endpoint")
                        .path("url")
                        .asText())
                .isEqualTo("https://hooks.example.com/stripe");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"enabled_events\": [\"*\"], \"url\": \"https://169.254.169.254/latest\"}|webhook_endpoint.url|public addresses only",
                "{\"enabled_events\": [\"*\"], \"url\": \"https://internal.example.com/\"}|webhook_endpoint.url|10.0.0.7",
                "{\"enabled_events\": [\"*\"], \"url\": \"http://hooks.example.com/\"}|webhook_endpoint.url|https",
                "{\"enabled_events\": [\"*\"]}|webhook_endpoint.url|Missing required parameter",
                "{\"url\": \"https://hooks.example.com/\"}|enabled_events|Missing required parameter",
                "{\"enabled_events\": [\"v1.charge.succeeded\"], \"url\": \"https://hooks.example.com/\"}|enabled_events|matches no event type",
                "{\"enabled_events\": \"*\", \"url\": \"https://hooks.example.com/\"}|enabled_events|expected an array",
                "{\"enabled_events\": [\"*\"], \"url\": \"https://hooks.example.com/\", \"type\": \"amazon_eventbridge\"}|type|only webhook_endpoint",
                "{\"enabled_events\": [\"*\"], \"url\": \"https://hooks.example.com/\", \"color\": \"red\"}|color|unknown parameter"
            })
    void badDestinationsAreRefusedNamingTheField(String json, String param, String message) {
        Result result = call("POST", "/v2/core/event_destinations", json, key);

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.body().path("error").path("param").asText()).isEqualTo(param);
        assertThat(result.body().path("error").path("message").asText()).contains(message);
    }

    @Test
    void anAccountNeverSeesAnothersDestinationsOrEvents() {
        String id = call("POST", "/v2/core/event_destinations", DESTINATION, key)
                .body()
                .get("id")
                .asText();
        String job =
                call("POST", "/v2/core/batch_jobs", JOB, key).body().get("id").asText();
        String eventId = call("GET", "/v2/core/events", null, key)
                .body()
                .get("data")
                .get(0)
                .get("id")
                .asText();

        assertThat(call("GET", "/v2/core/event_destinations/" + id, null, otherKey)
                        .status())
                .isEqualTo(404);
        assertThat(call("POST", "/v2/core/event_destinations/" + id + "/disable", null, otherKey)
                        .status())
                .isEqualTo(404);
        assertThat(call("DELETE", "/v2/core/event_destinations/" + id, null, otherKey)
                        .status())
                .isEqualTo(404);
        assertThat(call("GET", "/v2/core/event_destinations", null, otherKey)
                        .body()
                        .get("data"))
                .isEmpty();
        assertThat(call("GET", "/v2/core/events/" + eventId, null, otherKey).status())
                .isEqualTo(404);
        assertThat(call("GET", "/v2/core/events", null, otherKey).body().get("data"))
                .isEmpty();
        assertThat(fixture.call("GET", "/v2/core/events")
                        .key(otherKey)
                        .query("object_id", job)
                        .send()
                        .body()
                        .get("data"))
                .isEmpty();
    }

    @Test
    void aJobsEventsAreThinV2EventsWithItsMetadataAndCounts() {
        String job =
                call("POST", "/v2/core/batch_jobs", JOB, key).body().get("id").asText();
        call("POST", "/v2/core/batch_jobs/" + job + "/cancel", null, key);

        JsonNode data = fixture.call("GET", "/v2/core/events")
                .key(key)
                .query("object_id", job)
                .send()
                .body()
                .get("data");

        List<String> types = new ArrayList<>();
        data.forEach(e -> types.add(e.get("type").asText()));
        assertThat(types)
                .containsExactlyInAnyOrder(
                        "v2.core.batch_job.created",
                        "v2.core.batch_job.ready_for_upload",
                        "v2.core.batch_job.canceled",
                        "v2.core.batch_job.updated");
        JsonNode canceled = StreamSupport.stream(data.spliterator(), false)
                .filter(e -> e.get("type").asText().equals("v2.core.batch_job.canceled"))
                .findFirst()
                .orElseThrow();
        assertThat(canceled.get("id").asText()).startsWith("evt_");
        assertThat(canceled.get("object").asText()).isEqualTo("v2.core.event");
        assertThat(canceled.get("livemode").asBoolean()).isFalse();
        assertThat(canceled.path("related_object").get("id").asText()).isEqualTo(job);
        assertThat(canceled.path("related_object").get("type").asText()).isEqualTo("v2.core.batch_job");
        assertThat(canceled.path("related_object").get("url").asText()).isEqualTo("/v2/core/batch_jobs/" + job);
        assertThat(canceled.path("metadata").get("run").asText()).isEqualTo("r1");
        assertThat(canceled.path("data").get("status").asText()).isEqualTo("canceled");
        assertThat(canceled.path("data").get("success_count").asText()).isEqualTo("0");

        Result one = call("GET", "/v2/core/events/" + canceled.get("id").asText(), null, key);
        assertThat(one.body()).isEqualTo(canceled);
        assertThat(fixture.bus.types()).contains("v2.core.batch_job.canceled");
    }

    @Test
    void eventsPageWithCursors() {
        for (int i = 0; i < 3; i++) {
            call("POST", "/v2/core/batch_jobs", JOB, key);
            fixture.clock.advance(Duration.ofSeconds(1));
        }
        List<String> seen = new ArrayList<>();
        String next = "/v2/core/events?limit=4";
        while (next != null) {
            String[] parts = next.split("\\?", 2);
            ApiFixture.Call call = fixture.call("GET", parts[0]).key(key);
            for (String pair : parts[1].split("&")) {
                String[] kv = pair.split("=", 2);
                call.query(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            JsonNode body = call.send().body();
            body.get("data").forEach(e -> seen.add(e.get("id").asText()));
            next = body.get("next_page_url").isNull()
                    ? null
                    : body.get("next_page_url").asText();
        }
        assertThat(seen).hasSize(6).doesNotHaveDuplicates();
    }
}
