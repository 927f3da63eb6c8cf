package dev.batchjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.testing.ApiFixture;
import dev.batchjobs.testing.ApiFixture.Result;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Test and live mode of one account are two worlds, as in Stripe: every route answers a key of one mode about the
 * other mode's ids as it answers another account (404 {@code resource_missing}), and lists show nothing of it.
 */
class ModeIsolationTest {
    private static final String JOB = """
            {"endpoint": {"path": "/v1/customers/:id", "http_method": "post"}, "metadata": {"run": "r1"}}""";
    private static final String DESTINATION = """
            {"name": "billing", "type": "webhook_endpoint", "event_payload": "thin",
             "enabled_events": ["v2.core.batch_job.*"], "webhook_endpoint": {"url": "https://hooks.example.com/stripe"}}""";

    private final ApiFixture fixture = new ApiFixture();
    private final String testKey = fixture.newKey("acct_alpha");
    private final String liveKey = fixture.newLiveKey("acct_alpha");

    private Result call(String method, String path, String json, String key) {
        ApiFixture.Call call = fixture.call(method, path).key(key);
        return json == null ? call.send() : call.json(json).send();
    }

    private String create(String path, String json, String key) {
        fixture.clock.advance(Duration.ofMillis(10));
        Result created = call("POST", path, json, key);
        assertThat(created.status()).isEqualTo(200);
        return created.body().get("id").asText();
    }

    private static void assertMissing(Result result) {
        assertThat(result.status()).isEqualTo(404);
        assertThat(result.errorCode()).isEqualTo("resource_missing");
    }

    @Test
    void aLiveKeyCannotReadListOrCancelTheTestJobsOfItsAccount() {
        String testJob = create("/v2/core/batch_jobs", JOB, testKey);

        assertMissing(call("GET", "/v2/core/batch_jobs/" + testJob, null, liveKey));
        assertMissing(call("POST", "/v2/core/batch_jobs/" + testJob + "/cancel", null, liveKey));
        assertMissing(call("GET", "/v2/core/batch_jobs/" + testJob + "/failures", null, liveKey));
        assertThat(call("GET", "/v2/core/batch_jobs", null, liveKey).body().get("data"))
                .isEmpty();
        assertThat(call("GET", "/v2/core/batch_jobs/" + testJob, null, testKey)
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("ready_for_upload");
    }

    @Test
    void aTestKeyCannotReachTheLiveJobsOfItsAccount() {
        String liveJob = create("/v2/core/batch_jobs", JOB, liveKey);

        assertThat(call("GET", "/v2/core/batch_jobs/" + liveJob, null, liveKey)
                        .body()
                        .get("livemode")
                        .asBoolean())
                .isTrue();
        assertMissing(call("GET", "/v2/core/batch_jobs/" + liveJob, null, testKey));
        assertMissing(call("POST", "/v2/core/batch_jobs/" + liveJob + "/cancel", null, testKey));
        assertThat(call("GET", "/v2/core/batch_jobs", null, testKey).body().get("data"))
                .isEmpty();
    }

    @Test
    void theMeteroidSurfaceListsCountsAndFailsOnlyTheCallersMode() {
        String testJob = create("/v2/core/batch_jobs", JOB, testKey);
        String liveJob = create("/v2/core/batch_jobs", JOB, liveKey);

        Result liveList = call("GET", "/api/v1/batch-jobs", null, liveKey);
        assertThat(liveList.body().get("data").findValuesAsText("id")).containsExactly(liveJob);
        assertThat(liveList.body().path("pagination_meta").get("total_items").asLong())
                .isEqualTo(1);
        Result failures = call("GET", "/api/v1/batch-jobs/" + testJob + "/failures", null, liveKey);
        assertThat(failures.status()).isEqualTo(404);
        assertThat(failures.body().get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void anIdempotencyKeyReusedInLiveModeCreatesALiveJobNotTheTestOne() {
        Result first = fixture.call("POST", "/v2/core/batch_jobs")
                .key(testKey)
                .header("Idempotency-Key", "migration-1")
                .json(JOB)
                .send();
        Result again = fixture.call("POST", "/v2/core/batch_jobs")
                .key(liveKey)
                .header("Idempotency-Key", "migration-1")
                .json(JOB)
                .send();
        Result replay = fixture.call("POST", "/v2/core/batch_jobs")
                .key(liveKey)
                .header("Idempotency-Key", "migration-1")
                .json(JOB)
                .send();

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("id").asText())
                .isNotEqualTo(first.body().get("id").asText());
        assertThat(again.body().get("livemode").asBoolean()).isTrue();
        assertThat(replay.body().get("id").asText())
                .isEqualTo(again.body().get("id").asText());
    }

    @Test
    void aLiveKeyCannotReadTheTestEventsOfItsAccount() {
        String testJob = create("/v2/core/batch_jobs", JOB, testKey);
        String eventId = call("GET", "/v2/core/events", null, testKey)
                .body()
                .get("data")
                .get(0)
                .get("id")
                .asText();

        assertMissing(call("GET", "/v2/core/events/" + eventId, null, liveKey));
        assertThat(call("GET", "/v2/core/events", null, liveKey).body().get("data"))
                .isEmpty();
        assertThat(fixture.call("GET", "/v2/core/events")
                        .key(liveKey)
                        .query("object_id", testJob)
                        .send()
                        .body()
                        .get("data"))
                .isEmpty();
    }

    @Test
    void aLiveKeyCannotTouchTheTestDestinationsOfItsAccount() {
        String id = create("/v2/core/event_destinations", DESTINATION, testKey);
        String path = "/v2/core/event_destinations/" + id;

        assertMissing(call("GET", path, null, liveKey));
        assertMissing(call("POST", path, "{\"description\": \"taken over\"}", liveKey));
        for (String action : List.of("/disable", "/enable", "/rotate_secret")) {
            assertMissing(call("POST", path + action, null, liveKey));
        }
        assertMissing(call("DELETE", path, null, liveKey));
        assertThat(call("GET", "/v2/core/event_destinations", null, liveKey)
                        .body()
                        .get("data"))
                .isEmpty();

        Result untouched = call("GET", path, null, testKey);
        assertThat(untouched.body().get("status").asText()).isEqualTo("enabled");
        assertThat(untouched.body().has("description")
                        && untouched.body().get("description").asText().equals("taken over"))
                .isFalse();
    }
}
