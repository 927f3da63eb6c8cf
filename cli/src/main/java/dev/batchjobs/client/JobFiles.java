package dev.batchjobs.client;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Follows a job until it ends, and saves its files: {@code <id>.results.jsonl} and, when rows failed, the error
 * file {@code <id>.errors.jsonl} (or {@code .csv}, the input's format) ready to fix and upload again.
 */
final class JobFiles {
    private JobFiles() {}

    static String jobPath(String id) {
        return "/v2/core/batch_jobs/" + ApiClient.encode(id);
    }

    /** Polls the job every {@code pollMillis} until it reaches a final status; shows each poll. */
    static JobView follow(ApiClient api, String id, ProgressDisplay display, long pollMillis) {
        try (display) {
            while (true) {
                JobView job = new JobView(api.get(jobPath(id)));
                display.update(job);
                if (job.isFinal()) {
                    return job;
                }
                try {
                    Thread.sleep(pollMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ApiError("interrupted while following " + id);
                }
            }
        }
    }

    /** Downloads what the job has; says where each file went. */
    static List<Path> download(ApiClient api, JobView job, Path directory, PrintStream out) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ApiError("cannot create " + directory + ": " + e.getMessage());
        }
        List<Path> saved = new ArrayList<>();
        Optional<String> results = job.outputFileUrl();
        if (results.isPresent()) {
            Path target = directory.resolve(job.id() + ".results.jsonl");
            api.download(results.get(), target);
            out.println("Results:    " + target + " (" + lines(target) + " rows)");
            saved.add(target);
        }
        Optional<String> errors = job.errorFileUrl();
        if (errors.isPresent()) {
            Path target =
                    directory.resolve(job.id() + ".errors." + (job.inputFormat().equals("csv") ? "csv" : "jsonl"));
            api.download(errors.get(), target);
            out.println("Error file: " + target + " (the failed rows with their errors: fix them and run it again)");
            saved.add(target);
        }
        if (saved.isEmpty()) {
            out.println(job.id() + " has no files to download (status " + job.status() + ")");
        }
        return saved;
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}
