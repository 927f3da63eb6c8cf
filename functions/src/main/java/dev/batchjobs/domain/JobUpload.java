package dev.batchjobs.domain;

import java.util.List;
import java.util.Objects;

/**
 * The job's input file: its format (and, once read, a CSV file's header), what the client calls it, the key
 * the server chose for it, and the presigned PUT URL issued on creation (kept so that every read, and an
 * idempotent replay of the create, shows the same URL and expiry).
 *
 * @param fileName what the client calls the input file (Meteroid's {@code input_file_name}), or null
 * @param pinned   the server's copy of the upload the job began with, or null before it began
 */
public record JobUpload(InputFormat format, String fileName, String key, PresignedUrl url, PinnedInput pinned) {
    public JobUpload {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(url, "url");
    }

    /** An input file not yet uploaded. */
    public JobUpload(InputFormat format, String fileName, String key, PresignedUrl url) {
        this(format, fileName, key, url, null);
    }

    /** The key of what the job runs: its pinned copy once it began (older jobs, begun before pinning: the upload). */
    public String readKey() {
        return pinned == null ? key : pinned.key();
    }

    JobUpload withHeader(List<String> header) {
        return new JobUpload(format.withHeader(header), fileName, key, url, pinned);
    }

    JobUpload pinnedTo(PinnedInput copy) {
        return new JobUpload(format, fileName, key, url, copy);
    }
}
