package dev.batchjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.testing.ApiFixture;
import dev.batchjobs.testing.ApiFixture.Result;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The health check and the OpenAPI document need no key; nothing else is open. */
class PublicResourcesTest {
    private final ApiFixture fixture = new ApiFixture();

    @Test
    void theHealthCheckAnswersOkWithoutAKeyAndSaysNothingElse() {
        Result result = fixture.call("GET", "/healthz").send();

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body().toString()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void theOpenApiDocumentIsServedWithoutAKey() {
        var response = PublicResources.serve(
                        new ApiRequest("GET", "/openapi.yaml", Map.of(), Map.of(), "", "r1"), "req_1")
                .orElseThrow();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().get("Content-Type")).startsWith("application/yaml");
        assertThat(response.body()).startsWith("openapi: 3.1.0").contains("/v2/core/batch_jobs/{id}/cancel:");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GET /v2/core/batch_jobs",
                "POST /healthz",
                "GET /healthz/",
                "GET /v2/core/events",
                "GET /api/v1/batch-jobs",
                "GET /",
                "GET /openapi.json",
                "GET /dashboard/",
                "GET /dashboard/nothing.js",
                "GET /dashboard/../openapi.yaml",
                "POST /dashboard"
            })
    void everyOtherRequestWithoutAKeyIsRefused(String route) {
        String[] parts = route.split(" ");

        Result result = fixture.call(parts[0], parts[1]).send();

        assertThat(result.status()).isEqualTo(401);
    }
}
