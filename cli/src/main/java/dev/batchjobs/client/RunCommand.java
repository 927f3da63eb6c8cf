package dev.batchjobs.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code batchjobs run}: the whole life of a job, create → upload → follow → download, in one command. */
@Command(
        name = "run",
        description = {
            "Create a job, upload the file, follow it to the end and download the results (and the error file).",
            "Exit code: 0 every row succeeded, 3 some rows failed, 4 the job failed (e.g. validation_failed),"
                    + " 1 an error, 2 a wrong command line."
        })
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    private BatchJobsCli cli;

    @Option(
            names = "--endpoint",
            required = true,
            paramLabel = "METHOD PATH",
            description =
                    "The endpoint every row targets, e.g. \"POST /v1/customers/:id\" (the method defaults to POST).")
    private String endpoint;

    @Option(names = "--file", required = true, description = "The input file: JSONL, or CSV (by its .csv name).")
    private Path file;

    @Option(names = "--format", description = "jsonl or csv (default: from the file name).")
    private String format;

    @Option(names = "--delimiter", description = "The CSV delimiter, if not a comma.")
    private String delimiter;

    @Option(names = "--rps", description = "maximum_rps, 1-100 (the API's default is 10).")
    private Integer rps;

    @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Metadata of the job (repeatable).")
    private Map<String, String> metadata = new LinkedHashMap<>();

    @Option(names = "--skip-validation", description = "Run the rows without validating the whole file first.")
    private boolean skipValidation;

    @Option(
            names = "--processing-timeout",
            paramLabel = "SECONDS",
            description = "How long the job may process (processing_timeout; default and cap: the deployment's,"
                    + " 24 hours unless its operator raised them).")
    private Long processingTimeout;

    @Option(
            names = "--output-dir",
            defaultValue = ".",
            description = "Where the results and error file go (default: the current directory).")
    private Path outputDir;

    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, lines or none (default: auto).")
    private ProgressDisplay.Mode progress;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ApiError("cannot read " + file + ": no such file, or not readable");
        }
        ApiClient api = cli.api();
        JobView created = new JobView(api.post("/v2/core/batch_jobs", body()));
        String uploadUrl = created.uploadUrl()
                .orElseThrow(() -> new ApiError(created.id() + " has no upload URL (status " + created.status() + ")"));
        cli.out().println("Created " + created.id() + "; uploading " + file.getFileName() + " (" + size() + " bytes)");
        api.upload(uploadUrl, file);
        JobView finished =
                JobFiles.follow(api, created.id(), ProgressDisplay.create(progress, cli.out()), cli.pollMillis());
        cli.out().println(Outcome.summary(finished));
        JobFiles.download(api, finished, outputDir, cli.out());
        return Outcome.of(finished);
    }

    private ObjectNode body() {
        String[] parts = endpoint.trim().split("\\s+");
        if (parts.length > 2 || parts[parts.length - 1].isEmpty()) {
            throw new ApiError("--endpoint must be \"METHOD PATH\", e.g. \"POST /v1/customers/:id\"");
        }
        ObjectNode body = ApiClient.mapper().createObjectNode();
        body.putObject("endpoint")
                .put("path", parts[parts.length - 1])
                .put("http_method", parts.length == 2 ? parts[0].toLowerCase(Locale.ROOT) : "post");
        String kind = format != null
                ? format.toLowerCase(Locale.ROOT)
                : file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? "csv" : "jsonl";
        body.put("input_format", kind);
        if (delimiter != null) {
            body.put("delimiter", delimiter);
        }
        if (rps != null) {
            body.put("maximum_rps", rps);
        }
        if (skipValidation) {
            body.put("skip_validation", true);
        }
        if (processingTimeout != null) {
            body.put("processing_timeout", processingTimeout);
        }
        ObjectNode meta = body.putObject("metadata");
        metadata.forEach(meta::put);
        body.put("input_file_name", file.getFileName().toString());
        return body;
    }

    private long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ApiError("cannot read " + file + ": " + e.getMessage());
        }
    }
}
