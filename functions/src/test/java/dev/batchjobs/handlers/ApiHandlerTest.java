package dev.batchjobs.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.json.Json;
import dev.batchjobs.testing.ApiFixture;
import dev.batchjobs.testing.SampleJobs;
import dev.batchjobs.testing.TestContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** The API handler driven by the sample events in {@code events/api/} (the ones {@code sam local invoke -e} uses). */
class ApiHandlerTest {
    private static final String SAMPLE_KEY = "sk_test_SampleEventKey000000000000000000000000000000";
    private static final String SAMPLE_JOB = "batchv2_AbCdEfGhIjKlMnOpQrStUvWxYz";

    private ApiFixture fixture;
    private ApiHandler handler;

    @BeforeEach
    void setUp() {
        fixture = new ApiFixture();
        fixture.apiKeys.register("acct_sample", SAMPLE_KEY);
        fixture.jobs.create(SampleJobs.readyForUpload(SAMPLE_JOB, "acct_sample", fixture.clock.instant()));
        handler = new ApiHandler(fixture.api);
    }

    private JsonNode body(APIGatewayV2HTTPResponse response) {
        return Json.parseBody(response.getBody());
    }

    @ParameterizedTest
    @Event(value = "../events/api/create-job.json", type = APIGatewayV2HTTPEvent.class)
    void createJobEvent(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new TestContext());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json; charset=utf-8");
        JsonNode job = body(response);
        assertThat(job.get("status").asText()).isEqualTo("ready_for_upload");
        assertThat(job.get("maximum_rps").asInt()).isEqualTo(25);
        assertThat(job.get("endpoint").get("path").asText()).isEqualTo("/v1/subscriptions/:subscription/migrate");

        APIGatewayV2HTTPResponse replay = handler.handleRequest(event, new TestContext());
        assertThat(body(replay).get("id")).isEqualTo(job.get("id"));
    }

    @ParameterizedTest
    @Event(value = "../events/api/retrieve-job.json", type = APIGatewayV2HTTPEvent.class)
    void retrieveJobEvent(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new TestContext());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(body(response).get("id").asText()).isEqualTo(SAMPLE_JOB);
    }

    @ParameterizedTest
    @Event(value = "../events/api/list-jobs.json", type = APIGatewayV2HTTPEvent.class)
    void listJobsEventReadsRepeatedStatusesFromTheRawQuery(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new TestContext());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(body(response).get("data").findValuesAsText("id")).containsExactly(SAMPLE_JOB);
    }

    @ParameterizedTest
    @Event(value = "../events/api/cancel-job.json", type = APIGatewayV2HTTPEvent.class)
    void cancelJobEvent(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new TestContext());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(body(response).get("status").asText()).isEqualTo("canceled");
    }

    @ParameterizedTest
    @Event(value = "../events/api/unknown-route.json", type = APIGatewayV2HTTPEvent.class)
    void unknownRouteEvent(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new TestContext());

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(body(response).get("error").get("code").asText()).isEqualTo("unrecognized_request_url");
    }

    @ParameterizedTest
    @Event(value = "../events/api/create-job-missing-key.json", type = APIGatewayV2HTTPEvent.class)
    void missingKeyEvent(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new TestContext());

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(body(response).get("error").get("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void aBase64BodyIsDecoded() {
        APIGatewayV2HTTPEvent event = base64CreateJob(
                "{\"endpoint\":{\"path\":\"/v1/customers/:id\",\"http_method\":\"post\"}}"
                        .getBytes(StandardCharsets.UTF_8),
                "r-1");

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new TestContext());

        assertThat(response.getStatusCode()).isEqualTo(200);
    }

    /** Bytes that are not UTF-8 are not mended into U+FFFD and stored: they are refused, saying where. */
    @Test
    void aBodyThatIsNotUtf8IsRefusedSayingWhere() {
        byte[] body = "{\"metadata\": {\"team\": \"b\u00e9\"}}".getBytes(StandardCharsets.ISO_8859_1);
        APIGatewayV2HTTPEvent event = base64CreateJob(body, "r-2");

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new TestContext());

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(body(response).at("/error/code").asText()).isEqualTo("invalid_json");
        assertThat(body(response).at("/error/message").asText())
                .contains("not valid UTF-8")
                .contains("byte 24");
    }

    @Test
    void theRawQueryKeepsRepeatedAndEncodedValues() {
        assertThat(HttpEvents.query("status=a&status=b&page=x%2By&status%5B%5D=c"))
                .containsEntry("status", List.of("a", "b", "c"))
                .containsEntry("page", List.of("x+y"));
    }

    /** A create-job request as API Gateway delivers a binary body: base64-encoded. */
    private static APIGatewayV2HTTPEvent base64CreateJob(byte[] body, String requestId) {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath("/v2/core/batch_jobs")
                .withHeaders(Map.of(
                        "Authorization",
                        "Bearer " + SAMPLE_KEY,
                        "Stripe-Version",
                        "2026-04-22.preview",
                        "Content-Type",
                        "application/json"))
                .withBody(Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(true)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(requestId)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST")
                                .withPath("/v2/core/batch_jobs")
                                .build())
                        .build())
                .build();
    }
}
