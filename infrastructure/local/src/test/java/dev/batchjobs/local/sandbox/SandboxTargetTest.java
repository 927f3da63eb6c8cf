package dev.batchjobs.local.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SandboxTargetTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SandboxTarget sandbox;

    @BeforeAll
    static void start() throws IOException {
        sandbox = SandboxTarget.start(0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

    private Reply post(String path, String form, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), MAPPER.readTree(response.body()), response);
    }

    @Test
    void updatesACustomerFromABracketForm() throws Exception {
        Reply reply = post("/v1/customers/cus_0001", "name=Jenny+Rosen&metadata%5Btier%5D=premium", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("name").asText()).isEqualTo("Jenny Rosen");
        assertThat(reply.body().get("metadata").get("tier").asText()).isEqualTo("premium");
    }

    @Test
    void anUnknownIdIsAStripe404() throws Exception {
        Reply reply = post("/v1/customers/cus_nope", "name=x", null);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().get("error").get("code").asText()).isEqualTo("resource_missing");
        assertThat(reply.body().get("error").get("message").asText()).isEqualTo("No such customer: 'cus_nope'");
    }

    @Test
    void aCanceledSubscriptionCannotBeMigrated() throws Exception {
        Reply reply = post("/v1/subscriptions/sub_0010/migrate", "billing_cycle_anchor=unchanged", null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("error").get("code").asText()).isEqualTo("resource_invalid_state");
        assertThat(post("/v1/subscriptions/sub_0011/migrate", "proration_behavior=none", null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void unknownParametersAreRefusedByName() throws Exception {
        Reply reply = post("/v1/subscriptions/sub_0002", "colour=blue", null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("error").get("param").asText()).isEqualTo("colour");
    }

    @Test
    void promotionCodesNeedAKnownCouponAndAUniqueCode() throws Exception {
        assertThat(post("/v1/promotion_codes", "coupon=25OFF&code=SUMMER25", null)
                        .status())
                .isEqualTo(200);
        assertThat(post("/v1/promotion_codes", "coupon=25OFF&code=SUMMER25", null)
                        .body()
                        .get("error")
                        .get("code")
                        .asText())
                .isEqualTo("resource_already_exists");
        assertThat(post("/v1/promotion_codes", "coupon=99OFF", null).status()).isEqualTo(400);
    }

    @Test
    void theSameIdempotencyKeyReplaysAndAnotherBodyIsRefused() throws Exception {
        Reply first = post("/v1/promotion_codes", "coupon=50OFF&code=ONCE", "batchv2_x:r1");
        Reply again = post("/v1/promotion_codes", "coupon=50OFF&code=ONCE", "batchv2_x:r1");
        Reply other = post("/v1/promotion_codes", "coupon=50OFF&code=TWICE", "batchv2_x:r1");

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(other.body().get("error").get("type").asText()).isEqualTo("idempotency_error");
    }

    @Test
    void decodesNestedArraysToo() {
        JsonNode decoded = FormDecoding.decode("items%5B0%5D%5Bprice%5D=p_1&items%5B1%5D%5Bprice%5D=p_2&a=1");

        assertThat(decoded.get("items").get(1).get("price").asText()).isEqualTo("p_2");
        assertThat(decoded.get("a").asText()).isEqualTo("1");
    }
}
