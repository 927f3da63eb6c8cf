package dev.batchjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.testing.ApiFixture;
import dev.batchjobs.testing.ApiFixture.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v2/core/batch_jobs/{id}}: a new rate or metadata for a job that has not ended (beyond Stripe). */
class UpdateJobApiTest {
    private final ApiFixture fixture = new ApiFixture();
    private final String key = fixture.newKey("acct_alpha");
    private final String id = fixture.call("POST", "/v2/core/batch_jobs")
            .key(key)
            .json("{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 20,"
                    + " \"metadata\": {\"batch\": \"nov\", \"owner\": \"ops\"}}")
            .send()
            .body()
            .get("id")
            .asText();

    private Result update(String json) {
        return fixture.call("POST", "/v2/core/batch_jobs/" + id)
                .key(key)
                .json(json)
                .send();
    }

    @Test
    void aNewRateIsStoredAnsweredAndAnnouncedAsAnUpdatedEvent() {
        int eventsBefore = fixture.bus.types().size();

        Result result = update("{\"maximum_rps\": 5}");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body().get("maximum_rps").asInt()).isEqualTo(5);
        JsonNode stored =
                fixture.call("GET", "/v2/core/batch_jobs/" + id).key(key).send().body();
        assertThat(stored.get("maximum_rps").asInt()).isEqualTo(5);
        assertThat(stored.get("status").asText()).isEqualTo("ready_for_upload");
        assertThat(fixture.bus.types().subList(eventsBefore, fixture.bus.types().size()))
                .containsExactly("v2.core.batch_job.updated");
    }

    @Test
    void metadataKeysAreSetAndAKeySentAsNullIsRemoved() {
        Result result = update("{\"metadata\": {\"owner\": null, \"ticket\": \"T-1\"}}");

        assertThat(result.status()).isEqualTo(200);
        JsonNode metadata = result.body().get("metadata");
        assertThat(metadata.get("batch").asText()).isEqualTo("nov");
        assertThat(metadata.get("ticket").asText()).isEqualTo("T-1");
        assertThat(metadata.has("owner")).isFalse();
        assertThat(result.body().get("maximum_rps").asInt()).isEqualTo(20);
    }

    @Test
    void aChangeThatChangesNothingEmitsNoEvent() {
        int eventsBefore = fixture.bus.types().size();

        assertThat(update("{\"maximum_rps\": 20}").status()).isEqualTo(200);

        assertThat(fixture.bus.types()).hasSize(eventsBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-3", "2.5", "\"10\"", "null"})
    void aRateOutsideOneToAHundredIsRefusedWithStripesCode(String rps) {
        Result result = update("{\"maximum_rps\": " + rps + "}");

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("batch_api_invalid_maximum_rps");
        assertThat(result.body().path("error").path("message").asText()).contains("from 1 to 100");
    }

    @Test
    void anEndedJobCannotBeUpdated() {
        fixture.call("POST", "/v2/core/batch_jobs/" + id + "/cancel").key(key).send();

        Result result = update("{\"maximum_rps\": 5}");

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("batch_job_not_updatable");
        assertThat(result.body().path("error").path("message").asText()).contains("canceled");
    }

    @Test
    void unknownFieldsAndOtherAccountsAreRefused() {
        assertThat(update("{\"endpoint\": {}}").status()).isEqualTo(400);
        assertThat(update("{\"metadata\": {\"a\": 1}}").status()).isEqualTo(400);

        Result other = fixture.call("POST", "/v2/core/batch_jobs/" + id)
                .key(fixture.newKey("acct_beta"))
                .json("{\"maximum_rps\": 5}")
                .send();
        assertThat(other.status()).isEqualTo(404);
    }
}
