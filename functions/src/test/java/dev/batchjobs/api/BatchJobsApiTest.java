package dev.batchjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.testing.ApiFixture;
import dev.batchjobs.testing.ApiFixture.Result;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP behaviour of the Stripe-compatible API, on in-memory fakes. */
class BatchJobsApiTest {
    private static final String CREATE = """
            {"endpoint": {"path": "/v1/subscriptions/:subscription/migrate", "http_method": "post"},
             "metadata": {"batch_id": "run_abc123"}, "maximum_rps": 25, "skip_validation": true}""";

    private final ApiFixture fixture = new ApiFixture();
    private final String key = fixture.newKey("acct_alpha");

    private Result create(String json) {
        return fixture.call("POST", "/v2/core/batch_jobs").key(key).json(json).send();
    }

    @Test
    void createAnswersTheJobObjectAsTheReferenceSpellsIt() {
        Result result = create(CREATE);

        assertThat(result.status()).isEqualTo(200);
        JsonNode job = result.body();
        assertThat(job.get("id").asText()).matches("batchv2_[A-Za-z0-9]{26}");
        assertThat(job.get("object").asText()).isEqualTo("v2.core.batch_job");
        assertThat(job.get("created").asText()).isEqualTo("2026-11-23T10:00:00.000Z");
        assertThat(job.get("livemode").asBoolean()).isFalse();
        assertThat(job.get("maximum_rps").asInt()).isEqualTo(25);
        assertThat(job.get("metadata").get("batch_id").asText()).isEqualTo("run_abc123");
        assertThat(job.get("skip_validation").asBoolean()).isTrue();
        assertThat(job.get("status").asText()).isEqualTo("ready_for_upload");
        JsonNode details = job.get("status_details");
        assertThat(details.size()).isEqualTo(1);
        JsonNode uploadUrl = details.get("ready_for_upload").get("upload_url");
        assertThat(uploadUrl.get("expires_at").asText()).isEqualTo("2026-11-23T10:05:00.000Z");
        assertThat(uploadUrl.get("url").asText())
                .contains("inputs/acct_alpha/" + job.get("id").asText() + "/");
        assertThat(result.headers()).containsEntry("Stripe-Version", ApiFixture.VERSION);
        assertThat(result.headers().get("Request-Id")).startsWith("req_");
    }

    @Test
    void defaultsFollowTheGuide() {
        JsonNode job = create("{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}")
                .body();

        assertThat(job.get("maximum_rps").asInt()).isEqualTo(10);
        assertThat(job.get("skip_validation").asBoolean()).isFalse();
        assertThat(job.get("metadata").size()).isZero();
        assertThat(job.get("notification_suppression").get("scope").asText()).isEqualTo("none");
        assertThat(job.get("input_format").asText()).isEqualTo("jsonl");
        assertThat(job.has("delimiter")).isFalse();
    }

    @Test
    void aCsvJobSaysSoWithItsDelimiterAndADifferentFormatIsADifferentRequest() {
        String csv =
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"input_format\": \"csv\"";

        JsonNode comma = create(csv + "}").body();
        JsonNode tab = create(csv + ", \"delimiter\": \"\\t\"}").body();

        assertThat(comma.get("input_format").asText()).isEqualTo("csv");
        assertThat(comma.get("delimiter").asText()).isEqualTo(",");
        assertThat(tab.get("delimiter").asText()).isEqualTo("\t");
        Result first = fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .header("Idempotency-Key", "k-csv")
                .json(csv + "}")
                .send();
        Result semicolon = fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .header("Idempotency-Key", "k-csv")
                .json(csv + ", \"delimiter\": \";\"}")
                .send();
        assertThat(first.status()).isEqualTo(200);
        assertThat(semicolon.errorCode()).isEqualTo("idempotency_key_in_use");
    }

    @Test
    void retrieveAnswersTheSameJob() {
        JsonNode created = create(CREATE).body();

        Result retrieved = fixture.call(
                        "GET", "/v2/core/batch_jobs/" + created.get("id").asText())
                .key(key)
                .send();

        assertThat(retrieved.status()).isEqualTo(200);
        assertThat(retrieved.body()).isEqualTo(created);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/v1/customers/:id",
                "/v1/customers/:customer",
                "/v1/promotion_codes",
                "/v1/promotion_codes/:id",
                "/v1/subscriptions/:id",
                "/v1/subscriptions/:subscription",
                "/v1/subscriptions/:id/migrate",
                "/v1/subscriptions/:subscription/migrate"
            })
    void everyDefaultEndpointIsAccepted(String path) {
        Result result = create("{\"endpoint\": {\"path\": \"" + path + "\", \"http_method\": \"post\"}}");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body().get("endpoint").get("path").asText()).isEqualTo(path);
    }

    @ParameterizedTest
    @CsvSource({"/v1/charges,post", "/v1/customers/:id,delete", "/v1/customers/:nope,post"})
    void anEndpointOutsideTheRegistryIsUnsupported(String path, String method) {
        Result result = create("{\"endpoint\": {\"path\": \"" + path + "\", \"http_method\": \"" + method + "\"}}");

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("batch_api_unsupported_endpoint");
        assertThat(result.body().get("error").get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(result.body().get("error").get("message").asText()).contains(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-5", "2.5", "\"10\"", "true", "99999999999"})
    void aMaximumRpsOutsideOneToAHundredIsRefused(String value) {
        Result result =
                create("{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": "
                        + value + "}");

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("batch_api_invalid_maximum_rps");
        assertThat(result.body().get("error").get("message").asText())
                .contains("maximum_rps")
                .contains("1 to 100");
    }

    @Test
    void aMissingVersionHeaderIsRefused() {
        Result result = fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .withoutHeader("stripe-version")
                .json(CREATE)
                .send();

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("stripe_api_version_not_provided");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{}|parameter_missing|endpoint",
                "{\"endpoint\": {\"http_method\": \"post\"}}|parameter_missing|endpoint.path",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\"}}|parameter_missing|endpoint.http_method",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"get\"}}|parameter_invalid|endpoint.http_method",
                "{\"endpoint\": \"/v1/customers/:id\"}|parameter_invalid|endpoint",
                "{\"endpoint\": {\"path\": 5, \"http_method\": \"post\"}}|parameter_invalid|endpoint.path",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\", \"x\": 1}}|parameter_unknown|endpoint.x",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"colour\": 1}|parameter_unknown|colour",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"skip_validation\": \"yes\"}|parameter_invalid|skip_validation",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"metadata\": []}|parameter_invalid|metadata",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"metadata\": {\"a\": 1}}|parameter_invalid|metadata[a]",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"notification_suppression\": {}}|parameter_missing|notification_suppression.scope",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"notification_suppression\": {\"scope\": \"some\"}}|parameter_invalid|notification_suppression.scope",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"input_format\": \"xlsx\"}|parameter_invalid|input_format",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"input_format\": 1}|parameter_invalid|input_format",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"delimiter\": \";\"}|parameter_invalid|delimiter",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"input_format\": \"csv\", \"delimiter\": \";;\"}|parameter_invalid|delimiter",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"input_format\": \"csv\", \"delimiter\": \"\\\"\"}|parameter_invalid|delimiter",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"input_format\": \"csv\", \"delimiter\": \"x\"}|parameter_invalid|delimiter",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"input_file_name\": 7}|parameter_invalid|input_file_name",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"input_file_name\": \"\"}|parameter_invalid|input_file_name",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"input_file_name\": \"../etc/passwd\"}|parameter_invalid|input_file_name",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"input_file_name\": \"a\\u0000b\"}|parameter_invalid|input_file_name",
                "[1, 2]|parameter_invalid|request body"
            })
    void everyOtherProblemNamesTheField(String body, String code, String param) {
        Result result = create(body);

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo(code);
        assertThat(result.body().get("error").get("param").asText()).isEqualTo(param);
        assertThat(result.body().get("error").get("message").asText()).contains(param);
    }

    @Test
    void metadataLimitsAreStripes() {
        StringBuilder fiftyOne = new StringBuilder("{");
        for (int i = 0; i < 51; i++) {
            fiftyOne.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": \"v\"");
        }
        fiftyOne.append('}');
        String endpoint = "\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}";

        assertThat(create("{" + endpoint + ", \"metadata\": " + fiftyOne + "}").errorCode())
                .isEqualTo("parameter_invalid");
        assertThat(create("{" + endpoint + ", \"metadata\": {\"" + "k".repeat(41) + "\": \"v\"}}")
                        .body()
                        .get("error")
                        .get("message")
                        .asText())
                .contains("40");
        assertThat(create("{" + endpoint + ", \"metadata\": {\"k\": \"" + "v".repeat(501) + "\"}}")
                        .body()
                        .get("error")
                        .get("param")
                        .asText())
                .isEqualTo("metadata[k]");
        assertThat(create("{" + endpoint + ", \"metadata\": {\"" + "k".repeat(40) + "\": \"" + "v".repeat(500) + "\"}}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void malformedJsonSaysWhere() {
        Result result = create("{\"endpoint\": {\"path\": ");

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("invalid_json");
        assertThat(result.body().get("error").get("message").asText()).contains("line 1");
    }

    @Test
    void duplicateJsonKeysAreMalformed() {
        assertThat(create("{\"maximum_rps\": 5, \"maximum_rps\": 6}").errorCode())
                .isEqualTo("invalid_json");
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedByContentType() {
        Result result = fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .body("application/x-www-form-urlencoded", "endpoint[path]=/v1/customers/:id")
                .send();

        assertThat(result.status()).isEqualTo(415);
        assertThat(result.errorCode()).isEqualTo("unsupported_media_type");
    }

    @Test
    void anOversizedBodyIsRefused() {
        Result result = create("{\"metadata\": {\"k\": \"" + "x".repeat(70_000) + "\"}}");

        assertThat(result.status()).isEqualTo(413);
        assertThat(result.errorCode()).isEqualTo("request_too_large");
    }

    @Test
    void unknownRoutesAndMethodsAnswerInTheEnvelope() {
        Result unknown = fixture.call("GET", "/v2/core/nothing").key(key).send();
        Result wrongMethod =
                fixture.call("DELETE", "/v2/core/batch_jobs").key(key).send();

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("unrecognized_request_url");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.errorCode()).isEqualTo("method_not_allowed");
        assertThat(wrongMethod.headers().get("Allow")).isEqualTo("POST, GET");
    }

    @Test
    void everyRouteNeedsAKey() {
        for (String[] route : new String[][] {
            {"POST", "/v2/core/batch_jobs"},
            {"GET", "/v2/core/batch_jobs"},
            {"GET", "/v2/core/batch_jobs/batchv2_x"},
            {"POST", "/v2/core/batch_jobs/batchv2_x/cancel"},
            {"GET", "/v2/unknown"}
        }) {
            Result missing = fixture.call(route[0], route[1]).send();
            Result wrong = fixture.call(route[0], route[1])
                    .key("sk_test_" + "0".repeat(43))
                    .send();

            assertThat(missing.status()).isEqualTo(401);
            assertThat(missing.errorCode()).isEqualTo("api_key_missing");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.errorCode()).isEqualTo("api_key_invalid");
        }
    }

    @Test
    void basicAuthenticationWithTheKeyAsUserWorksLikeStripesCurlExamples() {
        String basic = Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));

        Result result = fixture.call("GET", "/v2/core/batch_jobs")
                .header("Authorization", "Basic " + basic)
                .send();
        Result other = fixture.call("GET", "/v2/core/batch_jobs")
                .header("Authorization", "Digest abc")
                .send();

        assertThat(result.status()).isEqualTo(200);
        assertThat(other.status()).isEqualTo(401);
    }

    @Test
    void aRevokedKeyNoLongerWorks() {
        var issued = fixture.apiKeys.issue("acct_revoked", false);
        assertThat(fixture.call("GET", "/v2/core/batch_jobs")
                        .key(issued.secret())
                        .send()
                        .status())
                .isEqualTo(200);

        fixture.apiKeys.revoke(issued.record().keyId());

        assertThat(fixture.call("GET", "/v2/core/batch_jobs")
                        .key(issued.secret())
                        .send()
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aLiveKeyMakesLiveJobs() {
        String live = fixture.apiKeys.issue("acct_live", true).secret();

        assertThat(live).startsWith("sk_live_");
        assertThat(fixture.call("POST", "/v2/core/batch_jobs")
                        .key(live)
                        .json(CREATE)
                        .send()
                        .body()
                        .get("livemode")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void theSameIdempotencyKeyAndBodyAnswerTheSameJob() {
        Result first = fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .header("Idempotency-Key", "k-1")
                .json(CREATE)
                .send();
        fixture.clock.advance(Duration.ofSeconds(30));
        String reordered = """
                {"skip_validation": true, "maximum_rps": 25, "metadata": {"batch_id": "run_abc123"},
                 "endpoint": {"http_method": "post", "path": "/v1/subscriptions/:subscription/migrate"}}""";
        Result second = fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .header("Idempotency-Key", "k-1")
                .json(reordered)
                .send();

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIsAnError() {
        fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .header("Idempotency-Key", "k-2")
                .json(CREATE)
                .send();

        Result second = fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .header("Idempotency-Key", "k-2")
                .json(CREATE.replace("25", "26"))
                .send();

        assertThat(second.status()).isEqualTo(400);
        assertThat(second.body().get("error").get("type").asText()).isEqualTo("idempotency_error");
        assertThat(second.errorCode()).isEqualTo("idempotency_key_in_use");
    }

    @Test
    void cancelBeforeUploadEndsTheJobAtOnceAndTwiceIsHarmless() {
        String id = create(CREATE).body().get("id").asText();

        Result first = fixture.call("POST", "/v2/core/batch_jobs/" + id + "/cancel")
                .key(key)
                .send();
        Result again = fixture.call("POST", "/v2/core/batch_jobs/" + id + "/cancel")
                .key(key)
                .json("{}")
                .send();

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("status").asText()).isEqualTo("canceled");
        assertThat(first.body()
                        .get("status_details")
                        .get("canceled")
                        .get("success_count")
                        .asText())
                .isEqualTo("0");
        assertThat(again.body()).isEqualTo(first.body());
    }

    @Test
    void cancelingAJobThatHasEndedAnswersTheWireCodeOfTheErrorTable() {
        String id = create(CREATE).body().get("id").asText();
        var job = fixture.jobs.find("acct_alpha", id).orElseThrow();
        var validating = job.moveTo(JobStatus.VALIDATING, fixture.clock.instant());
        fixture.jobs.update(job, validating);
        fixture.jobs.update(validating, validating.moveTo(JobStatus.VALIDATION_FAILED, fixture.clock.instant()));

        Result cancel = fixture.call("POST", "/v2/core/batch_jobs/" + id + "/cancel")
                .key(key)
                .send();

        assertThat(cancel.status()).isEqualTo(400);
        assertThat(cancel.body().get("error").get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(cancel.errorCode()).isEqualTo("batch_job_not_cancelable");
    }

    @Test
    void aJobThatFailedValidationShowsTheErrorAndItsOutputFile() {
        String id = create(CREATE).body().get("id").asText();
        var job = fixture.jobs.find("acct_alpha", id).orElseThrow();
        var validating = job.moveTo(JobStatus.VALIDATING, fixture.clock.instant());
        fixture.jobs.update(job, validating);
        fixture.jobs.update(
                validating,
                validating
                        .moveTo(JobStatus.VALIDATION_FAILED, fixture.clock.instant())
                        .withOutcome(
                                new OutputFile(
                                        "results/acct_alpha/" + id + "/output.jsonl", 120, "application/jsonlines"),
                                "Line 2 (id 'b'): 'params' must be an object"));

        JsonNode details = fixture.call("GET", "/v2/core/batch_jobs/" + id)
                .key(key)
                .send()
                .body()
                .get("status_details")
                .get("validation_failed");

        assertThat(details.get("error").asText()).isEqualTo("Line 2 (id 'b'): 'params' must be an object");
        assertThat(details.get("output_file").get("size").asText()).isEqualTo("120");
        assertThat(details.get("output_file").get("download_url").get("url").asText())
                .contains("output.jsonl");
        assertThat(details.get("success_count").asText()).isEqualTo("0");
    }

    @Test
    void listingIsNewestFirstPagedAndFiltered() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, create(CREATE).body().get("id").asText());
            fixture.clock.advance(Duration.ofSeconds(1));
        }
        fixture.call("POST", "/v2/core/batch_jobs/" + ids.get(1) + "/cancel")
                .key(key)
                .send();

        Result page1 = fixture.call("GET", "/v2/core/batch_jobs")
                .key(key)
                .query("limit", "2")
                .send();
        String next = page1.body().get("next_page_url").asText();
        String cursor = URLDecoder.decode(next.substring(next.indexOf("page=") + 5), StandardCharsets.UTF_8);
        Result page2 = fixture.call("GET", "/v2/core/batch_jobs")
                .key(key)
                .query("limit", "2")
                .query("page", cursor)
                .send();
        Result canceled = fixture.call("GET", "/v2/core/batch_jobs")
                .key(key)
                .query("status", "canceled")
                .send();

        assertThat(page1.body().get("data").findValuesAsText("id")).containsExactly(ids.get(0), ids.get(1));
        assertThat(page2.body().get("data").findValuesAsText("id")).containsExactly(ids.get(2), ids.get(3));
        assertThat(canceled.body().get("data").findValuesAsText("id")).containsExactly(ids.get(1));
        assertThat(canceled.body().get("next_page_url").isNull()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"limit|0", "limit|101", "limit|ten", "status|cancelled", "colour|red"})
    void badListParametersNameTheParameter(String name, String value) {
        Result result = fixture.call("GET", "/v2/core/batch_jobs")
                .key(key)
                .query(name, value)
                .send();

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.body().get("error").get("param").asText()).isEqualTo(name);
    }

    @Test
    void anotherAccountsJobIsIndistinguishableFromAMissingOne() {
        String id = create(CREATE).body().get("id").asText();
        String intruder = fixture.newKey("acct_beta");

        Result foreign =
                fixture.call("GET", "/v2/core/batch_jobs/" + id).key(intruder).send();
        Result missing = fixture.call("GET", "/v2/core/batch_jobs/batchv2_" + "Z".repeat(26))
                .key(intruder)
                .send();
        Result cancel = fixture.call("POST", "/v2/core/batch_jobs/" + id + "/cancel")
                .key(intruder)
                .send();
        Result list = fixture.call("GET", "/v2/core/batch_jobs").key(intruder).send();

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo(missing.errorCode()).isEqualTo("resource_missing");
        assertThat(cancel.status()).isEqualTo(404);
        assertThat(list.body().get("data").size()).isZero();
        assertThat(fixture.call("GET", "/v2/core/batch_jobs/" + id)
                        .key(key)
                        .send()
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("ready_for_upload");
    }
}
