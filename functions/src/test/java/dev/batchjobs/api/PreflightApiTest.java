package dev.batchjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.PinnedInput;
import dev.batchjobs.testing.ApiFixture;
import org.junit.jupiter.api.Test;

/** A validating job's pre-flight estimate over HTTP; a job that skips validation has none. */
class PreflightApiTest {
    private final ApiFixture fixture = new ApiFixture();
    private final String key = fixture.newKey("acct_alpha");

    private String create(boolean skipValidation) {
        return fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .json("{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 4,"
                        + " \"skip_validation\": " + skipValidation + "}")
                .send()
                .body()
                .get("id")
                .asText();
    }

    private void begin(String id, long size) {
        BatchJob job = fixture.jobs.find("acct_alpha", id).orElseThrow();
        fixture.jobs.update(
                job,
                job.begin(
                        new PinnedInput("pinned/" + id, "etag", size),
                        fixture.clock.instant().plusSeconds(3600),
                        fixture.clock.instant()));
    }

    @Test
    void aValidatingJobShowsItsRowsItsFileSizeAndTheirDurationAtItsRate() {
        String id = create(false);
        begin(id, 123_456);
        fixture.jobs.recordValidated(id, 1001);

        JsonNode details = fixture.call("GET", "/v2/core/batch_jobs/" + id)
                .key(key)
                .send()
                .body()
                .at("/status_details/validating");

        assertThat(details.get("validated_count").asText()).isEqualTo("1001");
        assertThat(details.get("preflight").toString())
                .isEqualTo("{\"row_count\":\"1001\",\"file_size\":\"123456\",\"estimated_duration_seconds\":\"251\"}");
    }

    @Test
    void aJobThatSkipsValidationHasNoEstimate() {
        String id = create(true);
        begin(id, 10);

        JsonNode job =
                fixture.call("GET", "/v2/core/batch_jobs/" + id).key(key).send().body();

        assertThat(job.get("status").asText()).isEqualTo("in_progress");
        assertThat(job.at("/status_details/in_progress").has("preflight")).isFalse();
    }
}
