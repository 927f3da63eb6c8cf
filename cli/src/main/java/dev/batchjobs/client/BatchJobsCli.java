package dev.batchjobs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code batchjobs}: the Batch Jobs API from a shell, for the whole life of a job. Settings come from the flags or
 * from {@code BATCHJOBS_API_URL} and {@code BATCHJOBS_API_KEY}; every error is one line on stderr, never a stack
 * trace; the exit code says how a job ended ({@link Outcome}).
 */
@Command(
        name = "batchjobs",
        mixinStandardHelpOptions = true,
        version = "batchjobs 0.1.0",
        subcommands = {RunCommand.class},
        description = "Run, follow and download batch jobs of a Batch Jobs API (the local cloud or a deployed stack).",
        footer = {
            "",
            "Environment: BATCHJOBS_API_URL (default http://127.0.0.1:8080), BATCHJOBS_API_KEY.",
            "Exit codes: 0 done (every row succeeded), 1 error, 2 wrong command line, 3 some rows failed,"
                    + " 4 the job failed."
        })
public final class BatchJobsCli {
    static final String DEFAULT_API_URL = "http://127.0.0.1:8080";

    private final Map<String, String> env;
    private final InputStream in;
    private final PrintStream out;

    @Option(names = "--api-url", scope = CommandLine.ScopeType.INHERIT, description = "The API's base URL.")
    private String apiUrl;

    @Option(names = "--api-key", scope = CommandLine.ScopeType.INHERIT, description = "An API key (sk_test_...).")
    private String apiKey;

    @Option(
            names = "--poll-ms",
            scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "1000",
            description = "How often a followed job is polled, in milliseconds (default 1000).")
    private long pollMillis;

    BatchJobsCli(Map<String, String> env, InputStream in, PrintStream out) {
        this.env = env;
        this.in = in;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.getenv(), System.in, System.out, System.err));
    }

    /** Runs one command line; returns the exit code. */
    public static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return execute(args, env, InputStream.nullInputStream(), out, err);
    }

    /** Runs one command line with {@code in} as its standard input; returns the exit code. */
    public static int execute(
            String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new BatchJobsCli(env, in, out));
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setExecutionExceptionHandler((error, command, parsed) -> {
            err.println("batchjobs: " + describe(error));
            return Outcome.ERROR;
        });
        line.setParameterExceptionHandler((error, args1) -> {
            err.println("batchjobs: " + error.getMessage() + " (see: "
                    + error.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return Outcome.USAGE;
        });
        return line.execute(args);
    }

    private static String describe(Exception error) {
        if (error instanceof ApiError) {
            return error.getMessage();
        }
        String message = error.getMessage();
        return "unexpected " + error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    PrintStream out() {
        return out;
    }

    long pollMillis() {
        return Math.max(50, pollMillis);
    }

    ApiClient api() {
        String url = apiUrl != null ? apiUrl : env.getOrDefault("BATCHJOBS_API_URL", DEFAULT_API_URL);
        String key = apiKey != null ? apiKey : env.get("BATCHJOBS_API_KEY");
        if (key == null || key.isBlank()) {
            throw new ApiError("no API key: pass --api-key or set BATCHJOBS_API_KEY (the local cloud prints one)");
        }
        URI base;
        try {
            base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new ApiError("not a URL: " + url);
        }
        if (base.getScheme() == null || !base.getScheme().startsWith("http") || base.getHost() == null) {
            throw new ApiError("not an http(s) URL: " + url);
        }
        return new ApiClient(base, key.strip());
    }

    @Command(name = "list", description = "List jobs, newest first.")
    int list(
            @Option(names = "--status", description = "Only jobs in this status (repeatable).") List<String> statuses,
            @Option(names = "--limit", defaultValue = "20", description = "At most this many (1-100, default 20).")
                    int limit,
            @Option(names = "--ids", description = "Only the ids, one a line (JOB=$(batchjobs list --limit 1 --ids)).")
                    boolean idsOnly) {
        List<Map.Entry<String, String>> query = new ArrayList<>();
        query.add(Map.entry("limit", Integer.toString(limit)));
        if (statuses != null) {
            statuses.forEach(s -> query.add(Map.entry("status", s)));
        }
        JsonNode page = api().get(ApiClient.query("/v2/core/batch_jobs", query));
        if (idsOnly) {
            page.path("data").forEach(item -> out.println(item.path("id").asText()));
            return Outcome.SUCCESS;
        }
        out.printf("%-34s %-18s %-25s %-32s %9s %9s%n", "ID", "STATUS", "CREATED", "ENDPOINT", "SUCCEEDED", "FAILED");
        for (JsonNode item : page.path("data")) {
            JobView job = new JobView(item);
            out.printf(
                    "%-34s %-18s %-25s %-32s %9d %9d%n",
                    job.id(),
                    job.status(),
                    item.path("created").asText(),
                    job.endpoint(),
                    job.succeeded(),
                    job.failed());
        }
        return Outcome.SUCCESS;
    }

    @Command(name = "get", description = "Print a job as JSON.")
    int get(@Parameters(paramLabel = "JOB") String id) {
        print(api().get(JobFiles.jobPath(id)));
        return Outcome.SUCCESS;
    }

    @Command(
            name = "watch",
            description = "Follow a job until it ends; exit code as for run (0, 3 some rows failed, 4 job failed).")
    int watch(
            @Parameters(paramLabel = "JOB") String id,
            @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, lines or none.")
                    ProgressDisplay.Mode progress) {
        JobView job = JobFiles.follow(api(), id, ProgressDisplay.create(progress, out), pollMillis());
        out.println(Outcome.summary(job));
        return Outcome.of(job);
    }

    @Command(name = "cancel", description = "Cancel a job; rows already sent keep their results.")
    int cancel(@Parameters(paramLabel = "JOB") String id) {
        JobView job = new JobView(api().post(JobFiles.jobPath(id) + "/cancel", null));
        out.println(job.id() + " " + job.status());
        return Outcome.SUCCESS;
    }

    @Command(name = "pause", description = "Pause a running job: in-flight requests finish, nothing more is sent.")
    int pause(@Parameters(paramLabel = "JOB") String id) {
        return control(id, "/pause", null);
    }

    @Command(name = "resume", description = "Resume a paused job from where it stopped.")
    int resume(@Parameters(paramLabel = "JOB") String id) {
        return control(id, "/resume", null);
    }

    @Command(name = "rate", description = "Change the maximum_rps of a job that has not ended (1 to 100).")
    int rate(@Parameters(paramLabel = "JOB") String id, @Parameters(paramLabel = "RPS") int rps) {
        return control(id, "", ApiClient.mapper().createObjectNode().put("maximum_rps", rps));
    }

    @Command(
            name = "retry",
            description =
                    "A new job of an ended job's failed rows: those worth a retry (429, 5xx, no response), or all.")
    int retry(
            @Parameters(paramLabel = "JOB") String id,
            @Option(names = "--all", description = "Every failed row, not only the retryable ones.") boolean all,
            @Option(names = "--rps", description = "The new job's maximum_rps (default: the job's).") Integer rps) {
        ObjectNode body = ApiClient.mapper().createObjectNode().put("only", all ? "all" : "retryable");
        if (rps != null) {
            body.put("maximum_rps", rps);
        }
        return control(id, "/retry", body);
    }

    @Command(name = "results", description = "Download the rows a job has finished so far (all of them once it ended).")
    int results(
            @Parameters(paramLabel = "JOB") String id,
            @Option(names = "--status", description = "Only the failed or the succeeded rows.") String status,
            @Option(names = "--output", description = "The file to write (default: JOB.results-so-far.jsonl).")
                    Path output) {
        ApiClient api = api();
        JsonNode answer = api.get(ApiClient.query(
                JobFiles.jobPath(id) + "/results", status == null ? List.of() : List.of(Map.entry("status", status))));
        Path target = output != null ? output : Path.of(id + ".results-so-far.jsonl");
        api.download(answer.path("download_url").path("url").asText(), target);
        out.println(target + " " + answer.path("row_count").asText() + " rows as of "
                + answer.path("as_of").asText() + (answer.path("truncated").asBoolean() ? " (truncated)" : ""));
        return Outcome.SUCCESS;
    }

    /** A job control: POST to the job (or one of its actions), then the job's id, status and rate on one line. */
    private int control(String id, String action, JsonNode body) {
        JsonNode job = api().post(JobFiles.jobPath(id) + action, body);
        out.println(job.path("id").asText() + " " + job.path("status").asText() + " maximum_rps="
                + job.path("maximum_rps").asText());
        return Outcome.SUCCESS;
    }

    @Command(name = "failures", description = "List a job's failed rows: index, id, reason.")
    int failures(
            @Parameters(paramLabel = "JOB") String id,
            @Option(names = "--limit", defaultValue = "100", description = "Rows per page (default 100).") int limit,
            @Option(names = "--all", description = "Every page, not only the first.") boolean all) {
        ApiClient api = api();
        String next = ApiClient.query(
                JobFiles.jobPath(id) + "/failures", List.of(Map.entry("limit", Integer.toString(limit))));
        while (next != null) {
            JsonNode page = api.get(next);
            for (JsonNode failure : page.path("data")) {
                out.println(failure.path("item_index").asText() + "\t"
                        + failure.path("item_identifier").asText() + "\t"
                        + failure.path("reason").asText());
            }
            JsonNode nextUrl = page.path("next_page_url");
            next = all && nextUrl.isTextual() ? nextUrl.asText() : null;
        }
        return Outcome.SUCCESS;
    }

    @Command(name = "download", description = "Download a job's results file and, when rows failed, its error file.")
    int download(
            @Parameters(paramLabel = "JOB") String id,
            @Option(names = "--output-dir", defaultValue = ".", description = "Where the files go (default: .).")
                    Path directory) {
        ApiClient api = api();
        JobView job = new JobView(api.get(JobFiles.jobPath(id)));
        JobFiles.download(api, job, directory, out);
        return Outcome.SUCCESS;
    }

    @Command(
            name = "field",
            description = {
                "Print one field of the JSON on standard input, e.g. curl ... | batchjobs field id (no jq needed).",
                "PATH is dotted (status_details.ready_for_upload.upload_url.url) or a JSON pointer (/data/0/id)."
            })
    int field(@Parameters(paramLabel = "PATH") String path) {
        JsonNode json;
        try {
            json = ApiClient.mapper().readTree(in);
        } catch (IOException e) {
            throw new ApiError("the standard input is not JSON");
        }
        if (json == null || json.isMissingNode()) {
            throw new ApiError("no JSON on the standard input");
        }
        String pointer = path.startsWith("/") ? path : "/" + path.replace(".", "/");
        JsonNode value = json.at(pointer);
        if (value.isMissingNode()) {
            if (json.has("error") || (json.has("code") && json.has("message"))) {
                throw new ApiError("the JSON on the standard input is an error: "
                        + ApiClient.errorLine(0, json).replaceFirst("^HTTP 0 ", ""));
            }
            throw new ApiError("no field " + path + " in the JSON on the standard input");
        }
        out.println(value.isValueNode() ? value.asText() : value.toString());
        return Outcome.SUCCESS;
    }

    private void print(JsonNode json) {
        try {
            out.println(ApiClient.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        } catch (IOException e) {
            throw new ApiError("cannot print the answer: " + e.getMessage());
        }
    }
}
