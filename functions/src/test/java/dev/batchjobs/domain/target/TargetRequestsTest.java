package dev.batchjobs.domain.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.EndpointRef;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.NotificationScope;
import dev.batchjobs.json.Json;
import java.net.URI;
import org.junit.jupiter.api.Test;

class TargetRequestsTest {
    private final Target stripe = new Target(
            URI.create("https://api.stripe.test/"),
            TargetEncoding.FORM,
            "Stripe-Account",
            "Stripe-Notification-Suppression");

    @Test
    void aRowBecomesAFormPostWithItsIdempotencyKeyAndContext() {
        TargetRequest request = TargetRequests.build(
                stripe,
                "batchv2_J",
                new EndpointRef("/v1/customers/:id", HttpMethod.POST),
                NotificationScope.NONE,
                Json.parseBody("""
                        {"id": "req_003", "context": "acct_1234567890", "path_params": {"id": "cus_3"},
                         "params": {"description": "Updated by batch", "metadata": {"tier": "gold"}}}"""));

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URI.create("https://api.stripe.test/v1/customers/cus_3"));
        assertThat(request.headers())
                .containsEntry("Idempotency-Key", "batchv2_J:req_003")
                .containsEntry("Stripe-Account", "acct_1234567890")
                .containsEntry("Content-Type", "application/x-www-form-urlencoded")
                .doesNotContainKey("Stripe-Notification-Suppression");
        assertThat(request.body()).isEqualTo("description=Updated+by+batch&metadata%5Btier%5D=gold");
    }

    @Test
    void suppressionIsAskedForWhenTheScopeIsAll() {
        TargetRequest request = TargetRequests.build(
                stripe,
                "batchv2_J",
                new EndpointRef("/v1/promotion_codes", HttpMethod.POST),
                NotificationScope.ALL,
                Json.parseBody("{\"id\": \"r1\", \"params\": {\"coupon\": \"25OFF\"}}"));

        assertThat(request.headers()).containsEntry("Stripe-Notification-Suppression", "all");
        assertThat(request.uri().getPath()).isEqualTo("/v1/promotion_codes");
    }

    @Test
    void placeholdersAreFilledByNameAndEscapedSoTheyCannotChangeThePath() {
        TargetRequest request = TargetRequests.build(
                stripe,
                "batchv2_J",
                new EndpointRef("/v1/subscriptions/:subscription/migrate", HttpMethod.POST),
                NotificationScope.NONE,
                Json.parseBody("{\"id\": \"r1\", \"path_params\": {\"subscription\": \"sub_1/../../admin x\"}}"));

        assertThat(request.uri().getRawPath()).isEqualTo("/v1/subscriptions/sub_1%2F..%2F..%2Fadmin%20x/migrate");
    }

    @Test
    void jsonTargetsGetJsonBodies() {
        Target json = new Target(URI.create("http://localhost:9999"), TargetEncoding.JSON, "X-Context", "X-Suppress");

        TargetRequest request = TargetRequests.build(
                json,
                "batchv2_J",
                new EndpointRef("/v1/customers/:id", HttpMethod.POST),
                NotificationScope.NONE,
                Json.parseBody(
                        "{\"id\": \"r1\", \"path_params\": {\"id\": \"c\"}, \"params\": {\"a\": [1, {\"b\": true}]}}"));

        assertThat(request.body()).isEqualTo("{\"a\":[1,{\"b\":true}]}");
        assertThat(request.headers()).containsEntry("Content-Type", "application/json");
    }

    @Test
    void aDeleteWithoutParamsHasNoBody() {
        TargetRequest request = TargetRequests.build(
                stripe,
                "batchv2_J",
                new EndpointRef("/v1/customers/:id", HttpMethod.DELETE),
                NotificationScope.NONE,
                Json.parseBody("{\"id\": \"r1\", \"path_params\": {\"id\": \"c\"}}"));

        assertThat(request.method()).isEqualTo("DELETE");
        assertThat(request.body()).isEmpty();
        assertThat(request.headers()).doesNotContainKey("Content-Type");
    }

    @Test
    void theTargetsSecretNeverShowsInText() {
        assertThat(stripe.toString()).doesNotContain("sk_target");
    }
}
