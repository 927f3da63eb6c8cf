package dev.batchjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.testing.ApiFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dashboard's static files need no key, hold no data, and come with a strict policy. */
class DashboardResourcesTest {
    private final ApiFixture fixture = new ApiFixture();

    /** Through the whole API with no Authorization header, as a browser first asks. */
    private ApiResponse get(String path) {
        return fixture.api.handle(new ApiRequest("GET", path, Map.of(), Map.of(), "", "r1"));
    }

    @ParameterizedTest
    @CsvSource({
        "/dashboard, text/html",
        "/dashboard/app.js, text/javascript",
        "/dashboard/views.js, text/javascript",
        "/dashboard/style.css, text/css"
    })
    void everyFileIsServedWithoutAKeyUnderAStrictPolicy(String path, String type) {
        ApiResponse response = get(path);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().get("Content-Type")).startsWith(type + ";");
        assertThat(response.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.headers().get("Content-Security-Policy"))
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
    }

    @Test
    void thePageHasNoInlineScriptOrStyleAndLoadsItsFilesFromTheSameOrigin() {
        String page = get("/dashboard").body();

        assertThat(page).contains("<script src=\"/dashboard/app.js\" type=\"module\"></script>");
        assertThat(page).doesNotContainPattern("<script(?![^>]*src=)").doesNotContain("style=", "<style", "http");
    }

    @Test
    void theScriptsNeverRenderDataAsMarkupNorPutTheKeyInAUrlOrACookie() {
        String scripts =
                get("/dashboard/app.js").body() + get("/dashboard/views.js").body();

        assertThat(scripts)
                .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")
                .doesNotContain("localStorage", "document.cookie")
                .contains("sessionStorage", "Authorization");
    }
}
