package dev.batchjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.testing.ApiFixture;
import org.junit.jupiter.api.Test;

/** The pace a worker recorded, as the job object shows it (fields beyond Stripe's reference, which SDKs ignore). */
class JobPaceApiTest {
    private final ApiFixture fixture = new ApiFixture();
    private final String key = fixture.newKey("acct_alpha");

    private JsonNode retrieve(String id) {
        return fixture.call("GET", "/v2/core/batch_jobs/" + id).key(key).send().body();
    }

    @Test
    void aJobShowsTheRateItsWorkerHasInForceOnceOneRan() {
        JsonNode created = fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .json(
                        "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 50}")
                .send()
                .body();
        String id = created.get("id").asText();
        assertThat(created.get("effective_rps").isNull()).isTrue();

        assertThat(created.get("throttled_count").asText()).isEqualTo("0");

        fixture.chunks.recordPace(id, 30, 4);
        fixture.chunks.recordPace(id, 15, 3);

        JsonNode job = retrieve(id);
        assertThat(job.get("maximum_rps").asInt()).isEqualTo(50);
        assertThat(job.get("effective_rps").asInt()).isEqualTo(15);
        assertThat(job.get("throttled_count").asText()).isEqualTo("7");
    }
}
