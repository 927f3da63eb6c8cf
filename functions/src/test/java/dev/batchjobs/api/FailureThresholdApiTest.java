package dev.batchjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.testing.ApiFixture;
import dev.batchjobs.testing.ApiFixture.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The create request's {@code failure_threshold}: shown back when set, absent otherwise, refused naming the field. */
class FailureThresholdApiTest {
    private static final String ENDPOINT = "\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}";

    private final ApiFixture fixture = new ApiFixture();
    private final String key = fixture.newKey("acct_alpha");

    private Result create(String extra) {
        return fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .json("{" + ENDPOINT + extra + "}")
                .send();
    }

    @Test
    void aThresholdIsShownBackWithItsDefaults() {
        Result full = create(", \"failure_threshold\": {\"percent\": 20, \"minimum_rows\": 50, \"action\": \"fail\"}");
        Result defaults = create(", \"failure_threshold\": {\"percent\": 5}");
        Result none = create("");

        assertThat(full.status()).isEqualTo(200);
        assertThat(full.body().get("failure_threshold").toString())
                .isEqualTo("{\"percent\":20,\"minimum_rows\":\"50\",\"action\":\"fail\"}");
        assertThat(defaults.body().get("failure_threshold").toString())
                .isEqualTo("{\"percent\":5,\"minimum_rows\":\"100\",\"action\":\"pause\"}");
        assertThat(none.body().has("failure_threshold"))
                .as("a job without one looks as it did")
                .isFalse();
        String id = full.body().get("id").asText();
        assertThat(fixture.call("GET", "/v2/core/batch_jobs/" + id)
                        .key(key)
                        .send()
                        .body()
                        .get("failure_threshold"))
                .isEqualTo(full.body().get("failure_threshold"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "5|parameter_invalid|failure_threshold",
                "{}|parameter_missing|failure_threshold.percent",
                "{\"percent\": 100}|parameter_invalid|failure_threshold.percent",
                "{\"percent\": -1}|parameter_invalid|failure_threshold.percent",
                "{\"percent\": 2.5}|parameter_invalid|failure_threshold.percent",
                "{\"percent\": \"20\"}|parameter_invalid|failure_threshold.percent",
                "{\"percent\": 20, \"minimum_rows\": 0}|parameter_invalid|failure_threshold.minimum_rows",
                "{\"percent\": 20, \"action\": \"stop\"}|parameter_invalid|failure_threshold.action",
                "{\"percent\": 20, \"action\": 1}|parameter_invalid|failure_threshold.action",
                "{\"percent\": 20, \"colour\": \"red\"}|parameter_unknown|failure_threshold.colour"
            })
    void aBadThresholdIsRefusedNamingTheField(String threshold, String code, String param) {
        Result refused = create(", \"failure_threshold\": " + threshold);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo(code);
        assertThat(refused.body().at("/error/param").asText()).isEqualTo(param);
        assertThat(refused.body().at("/error/type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void theThresholdIsPartOfTheIdempotentRequest() {
        Result first = fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .header("Idempotency-Key", "k1")
                .json("{" + ENDPOINT + ", \"failure_threshold\": {\"percent\": 20}}")
                .send();
        Result other = fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .header("Idempotency-Key", "k1")
                .json("{" + ENDPOINT + ", \"failure_threshold\": {\"percent\": 30}}")
                .send();

        assertThat(first.status()).isEqualTo(200);
        assertThat(other.errorCode()).isEqualTo("idempotency_key_in_use");
    }
}
