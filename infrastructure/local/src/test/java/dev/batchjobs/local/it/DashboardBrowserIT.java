package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser: {@code src/test/browser/dashboard.mjs} drives Debian's Chromium with Playwright
 * (signs in, pages the list, watches a job run to complete with its bar moving, takes its results so far, opens a
 * failure, downloads the results, retries the failed row and follows the retry's lineage) and leaves
 * its screenshots in {@code target/dashboard-screenshots/}. Without node, the npm packages ({@code npm ci} in
 * src/test/browser) or Chromium it is skipped, unless {@code BATCHJOBS_BROWSER_TEST=required} (as in CI): then it fails.
 */
class DashboardBrowserIT {
    private static final Path SCRIPT_DIR = Path.of("src/test/browser");
    private static final Path CHROMIUM =
            Path.of(System.getenv().getOrDefault("BATCHJOBS_CHROMIUM", "/usr/bin/chromium"));
    /**
     * At 5 a second, 12 s of rows: the bar first moves at the first checkpoint (5 s, the production cadence), and the
     * script pauses then, so the job must still have rows left for the pause to meet (else it completes while the
     * pause lands, and the resume is rightly refused as not paused).
     */
    private static final int ROWS = 60;
    /** Jobs on one page of the dashboard's list. */
    private static final int LIST_PAGE = 50;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LocalCloud cloud = SharedLocalCloud.get();

    private static void need(boolean present, String what) {
        if ("required".equals(System.getenv("BATCHJOBS_BROWSER_TEST"))) {
            assertThat(present)
                    .as(what + " is missing and BATCHJOBS_BROWSER_TEST=required")
                    .isTrue();
        }
        Assumptions.assumeTrue(present, what + " is missing: the browser test is skipped");
    }

    private static boolean nodeRuns() {
        try {
            Process node = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            node.getInputStream().readAllBytes();
            return node.waitFor(30, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void aSignedInUserWatchesAJobCompleteOpensAFailureAndDownloadsTheResults() throws Exception {
        need(nodeRuns(), "node");
        need(Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core")), "playwright-core (npm ci)");
        need(Files.isExecutable(CHROMIUM), CHROMIUM.toString());

        String account = "acct_dash_" + UUID.randomUUID().toString().substring(0, 8);
        String key = cloud.issueApiKey(account);
        LocalApi api = new LocalApi(cloud, key);
        // An older job that ends complete, so the status filter has something to hide; then a page's worth of jobs
        // waiting for their uploads, so the oldest is on the list's second page.
        String oldest = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 50}",
                "{\"id\": \"old\", \"path_params\": {\"id\": \"cus_0002\"}, \"params\": {\"name\": \"Old\"}}\n");
        for (int i = 0; i < LIST_PAGE; i++) {
            api.call(
                    "POST",
                    "/v2/core/batch_jobs",
                    "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 10}");
        }
        JsonNode job = api.call(
                "POST",
                "/v2/core/batch_jobs",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 5,"
                        + " \"metadata\": {\"batch\": \"<b>dashboard</b>\"}}");
        StringBuilder input = new StringBuilder();
        for (int i = 1; i <= ROWS; i++) {
            String customer = i == 7 ? "cus_nobody" : String.format("cus_%04d", i);
            input.append("{\"id\": \"r")
                    .append(i)
                    .append("\", \"path_params\": {\"id\": \"")
                    .append(customer)
                    .append("\"}, \"params\": {\"name\": \"Row ")
                    .append(i)
                    .append("\"}}\n");
        }
        Path file = Files.createTempFile("dashboard-input", ".jsonl");
        Files.writeString(file, input, StandardCharsets.UTF_8);
        Path shots = Path.of("target/dashboard-screenshots").toAbsolutePath();
        String base = cloud.apiBaseUrl().toString().replaceAll("/$", "");

        HttpResponse<String> page = HTTP.send(
                HttpRequest.newBuilder(cloud.apiBaseUrl().resolve("/dashboard")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        List<String> command = new ArrayList<>(List.of(
                "node",
                "dashboard.mjs",
                base,
                key,
                job.get("id").asText(),
                job.at("/status_details/ready_for_upload/upload_url/url").asText(),
                file.toAbsolutePath().toString(),
                shots.toString(),
                oldest));
        Path log = Files.createTempFile("dashboard-browser", ".log");
        Process node = new ProcessBuilder(command)
                .directory(SCRIPT_DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ended = node.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            node.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(ended).as("the browser script ended within 180 s: " + output).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        assertThat(shots.resolve("01-sign-in.png")).exists();
    }
}
