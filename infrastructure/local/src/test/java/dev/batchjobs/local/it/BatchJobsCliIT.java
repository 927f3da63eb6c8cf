package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.client.BatchJobsCli;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code batchjobs} CLI end to end against the local cloud, as a user runs it: {@code run} creates, uploads,
 * follows with a progress display and downloads, and its exit code says how the job ended; the other commands read,
 * cancel and download; every error is one line.
 */
class BatchJobsCliIT {
    private final LocalCloud cloud = SharedLocalCloud.get();
    private final String key =
            cloud.issueApiKey("acct_cli_" + UUID.randomUUID().toString().substring(0, 8));

    @TempDir
    Path dir;

    /** One run of the CLI: exit code, stdout, stderr. */
    record Run(int exit, String out, String err) {}

    private Run cli(String... args) {
        return cli(Map.of("BATCHJOBS_API_URL", cloud.apiBaseUrl().toString(), "BATCHJOBS_API_KEY", key), args);
    }

    private static Run cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--poll-ms", "100"));
        all.addAll(List.of(args));
        int exit = BatchJobsCli.execute(
                all.toArray(String[]::new),
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void runFollowsTheJobWithAProgressBarAndExitsZeroWhenEveryRowSucceeded() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 6; i++) {
            rows.append(String.format(
                    "{\"id\": \"r%d\", \"path_params\": {\"id\": \"cus_%04d\"}, \"params\": {\"name\": \"N %d\"}}%n",
                    i, i, i));
        }
        Path input = file("input.jsonl", rows.toString());
        Path results = dir.resolve("out");

        Run run = cli(
                "run",
                "--endpoint",
                "POST /v1/customers/:id",
                "--file",
                input.toString(),
                "--rps",
                "20",
                "--metadata",
                "batch=nov",
                "--processing-timeout",
                "7200",
                "--progress",
                "bar",
                "--output-dir",
                results.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        String id = run.out().substring(run.out().indexOf("Created ") + 8).split(";")[0];
        // The library's bar: done of total, the rate, and the split as its message.
        assertThat(run.out()).contains("6/6").contains("rows/s").contains("complete, 6 ok, 0 failed");
        assertThat(run.out()).contains(id + " complete, 6 rows: 6 succeeded, 0 failed");
        List<String> lines = Files.readAllLines(results.resolve(id + ".results.jsonl"));
        assertThat(lines).hasSize(6).allMatch(l -> l.contains("\"status\":200") || l.contains("\"status\": 200"));
        assertThat(results.resolve(id + ".errors.jsonl")).doesNotExist();

        JsonNode job = new LocalApi(cloud, key).job(id);
        assertThat(job.at("/metadata/batch").asText()).isEqualTo("nov");
        assertThat(job.get("maximum_rps").asInt()).isEqualTo(20);
        assertThat(job.get("processing_timeout").asLong()).isEqualTo(7200);
        assertThat(job.get("input_file_name").asText()).isEqualTo("input.jsonl");
        assertThat(job.at("/status_details/complete/total_count").asText()).isEqualTo("6");

        Run list = cli("list", "--status", "complete");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains(id).contains("POST /v1/customers/:id");
        assertThat(cli("list", "--limit", "1", "--ids").out()).isEqualTo(id + System.lineSeparator());
        Run get = cli("get", id);
        assertThat(get.exit()).isZero();
        assertThat(get.out()).contains("\"status\" : \"complete\"");
    }

    @Test
    void runPrintsOneLinePerUpdateAndExitsThreeWhenSomeRowsFailed() throws Exception {
        Path input = file(
                "customers.csv",
                "id,path_params.id,params.name\nr1,cus_0001,Jenny\nr2,cus_nobody,Nobody\nr3,cus_0003,Ann\n");

        Run run = cli(
                "run",
                "--endpoint",
                "POST /v1/customers/:id",
                "--file",
                input.toString(),
                "--output-dir",
                dir.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(3);
        String id = run.out().substring(run.out().indexOf("Created ") + 8).split(";")[0];
        // Not a terminal: plain lines, the last one with the final counts.
        assertThat(run.out()).doesNotContain("\r").contains(id + " complete: 3/3 rows (2 succeeded, 1 failed)");
        assertThat(Files.readAllLines(dir.resolve(id + ".results.jsonl"))).hasSize(3);
        String errors = Files.readString(dir.resolve(id + ".errors.csv"));
        assertThat(errors).contains("cus_nobody").contains("_error").doesNotContain("cus_0001");

        Run failures = cli("failures", id, "--all");
        assertThat(failures.exit()).isZero();
        assertThat(failures.out().strip()).startsWith("1\tr2\t").contains("No such customer");

        Path again = dir.resolve("again");
        Run download = cli("download", id, "--output-dir", again.toString());
        assertThat(download.exit()).isZero();
        assertThat(again.resolve(id + ".results.jsonl")).exists();
        assertThat(again.resolve(id + ".errors.csv")).hasContent(errors);

        Run watch = cli("watch", id);
        assertThat(watch.exit()).isEqualTo(3);
    }

    @Test
    void runExitsFourWhenTheJobFailsValidation() throws Exception {
        Path input = file("bad.jsonl", "{\"id\": \"r1\", \"path_params\": {\"id\": \"cus_0001\"}}\nnot json\n");

        Run run = cli(
                "run",
                "--endpoint",
                "POST /v1/customers/:id",
                "--file",
                input.toString(),
                "--output-dir",
                dir.toString());

        assertThat(run.exit()).isEqualTo(4);
        assertThat(run.out()).contains("validation_failed: Line 2");
    }

    @Test
    void cancelAndWatchOfACanceledJobExitFour() throws Exception {
        JsonNode created = new LocalApi(cloud, key)
                .call(
                        "POST",
                        "/v2/core/batch_jobs",
                        "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}");
        String id = created.get("id").asText();

        Run cancel = cli("cancel", id);
        assertThat(cancel.exit()).as(cancel.err()).isZero();
        assertThat(cancel.out()).startsWith(id + " cancel");

        Run watch = cli("watch", id, "--progress", "lines");
        assertThat(watch.exit()).isEqualTo(4);
        assertThat(watch.out()).contains(id + " canceled");
    }

    @Test
    void pauseResumeAndRateSteerARunningJob() throws Exception {
        LocalApi api = new LocalApi(cloud, key);
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            rows.append("{\"id\": \"s").append(i).append("\", \"path_params\": {\"id\": \"cus_0001\"}}\n");
        }
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 1}",
                rows.toString());
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> api.job(id).get("status").asText().equals("in_progress"));

        Run rate = cli("rate", id, "3");
        Run pause = cli("pause", id);
        Run pausedAgain = cli("pause", id);
        Run resume = cli("resume", id);
        Run tooFast = cli("rate", id, "500");
        cli("cancel", id);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> api.job(id).get("status").asText().equals("canceled"));
        Run resumeEnded = cli("resume", id);

        assertThat(rate.exit()).as(rate.err()).isZero();
        assertThat(rate.out()).startsWith(id + " in_progress maximum_rps=3");
        assertThat(pause.exit()).as(pause.err()).isZero();
        assertThat(pause.out()).startsWith(id + " paused maximum_rps=3");
        // Pausing a paused job asks for what already holds: the job as it is, as cancel does for a cancelling one.
        assertThat(pausedAgain.exit()).as(pausedAgain.err()).isZero();
        assertThat(pausedAgain.out()).startsWith(id + " paused");
        assertThat(resume.exit()).as(resume.err()).isZero();
        assertThat(resume.out()).startsWith(id + " in_progress");
        assertThat(tooFast.exit()).isEqualTo(1);
        assertThat(tooFast.err()).contains("batch_api_invalid_maximum_rps");
        assertThat(resumeEnded.exit()).isEqualTo(1);
        assertThat(resumeEnded.err().strip()).doesNotContain("\n").contains("batch_job_not_paused");
    }

    @Test
    void resultsDownloadsTheRowsSoFarAndRetryStartsAJobOfTheFailedRows() throws Exception {
        LocalApi api = new LocalApi(cloud, key);
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}",
                "{\"id\": \"ok\", \"path_params\": {\"id\": \"cus_0001\"}}\n"
                        + "{\"id\": \"gone\", \"path_params\": {\"id\": \"cus_nobody\"}}\n");
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> api.job(id).get("status").asText().equals("complete"));
        Path failed = dir.resolve("failed.jsonl");

        Run results = cli("results", id, "--status", "failed", "--output", failed.toString());
        Run notRetryable = cli("retry", id);
        Run retry = cli("retry", id, "--all", "--rps", "5");

        assertThat(results.exit()).as(results.err()).isZero();
        assertThat(results.out()).startsWith(failed + " 1 rows as of ");
        assertThat(Files.readAllLines(failed)).singleElement().asString().contains("\"id\":\"gone\"");
        // A 404 is not worth a retry: only --all takes it.
        assertThat(notRetryable.exit()).isEqualTo(1);
        assertThat(notRetryable.err()).contains("batch_job_no_failed_rows");
        assertThat(retry.exit()).as(retry.err()).isZero();
        assertThat(retry.out())
                .startsWith("batchv2_")
                .contains(" maximum_rps=5")
                .doesNotStartWith(id);
        String child = retry.out().substring(0, retry.out().indexOf(' '));
        assertThat(api.job(child).get("retry_of").asText()).isEqualTo(id);
    }

    @Test
    void everyErrorIsOneLineWithoutAStackTrace() throws Exception {
        List<Run> errors = List.of(
                cli("get", "bj_nosuchjob"),
                cli(
                        Map.of(
                                "BATCHJOBS_API_URL",
                                cloud.apiBaseUrl().toString(),
                                "BATCHJOBS_API_KEY",
                                "sk_test_wrong"),
                        "list"),
                cli(Map.of("BATCHJOBS_API_URL", cloud.apiBaseUrl().toString()), "list"),
                cli(
                        "run",
                        "--endpoint",
                        "POST /v1/customers/:id",
                        "--file",
                        dir.resolve("missing.jsonl").toString()),
                cli(
                        "run",
                        "--endpoint",
                        "POST /v1/nothing",
                        "--file",
                        file("x.jsonl", "{}\n").toString()),
                cli(Map.of("BATCHJOBS_API_URL", "http://127.0.0.1:1", "BATCHJOBS_API_KEY", key), "list"));

        assertThat(errors).allSatisfy(run -> {
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err())
                    .startsWith("batchjobs: ")
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
        });
        assertThat(errors.get(0).err()).contains("HTTP 404 resource_missing");
        assertThat(errors.get(1).err()).contains("HTTP 401 api_key_invalid");
        assertThat(errors.get(2).err()).contains("BATCHJOBS_API_KEY");
        assertThat(errors.get(3).err()).contains("missing.jsonl");
        assertThat(errors.get(4).err()).contains("batch_api_unsupported_endpoint");
        assertThat(errors.get(5).err()).contains("cannot connect");

        Run usage = cli("run", "--file", "x.jsonl");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err().strip().lines()).hasSize(1);
    }
}
