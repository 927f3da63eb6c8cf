package dev.batchjobs.domain;

import java.util.List;
import java.util.Objects;

/**
 * The job's input file: its format (and, once read, a CSV file's header), what the client calls it, the key
 * the server chose for it, and the presigned PUT URL issued on creation (kept so that every read, and an
 * idempotent replay of the create, shows the same URL and expiry).
 *
 * @param fileName what the client calls the input file (Meteroid's {@code input_file_name}), or null
 */
public record JobUpload(InputFormat format, String fileName, String key, PresignedUrl url) {
    public JobUpload {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(url, "url");
    }

    JobUpload withHeader(List<String> header) {
        return new JobUpload(format.withHeader(header), fileName, key, url);
    }
}
