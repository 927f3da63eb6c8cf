package dev.batchjobs.domain;

import java.util.Objects;

/**
 * The server's own copy of the upload a job began with, under a key no client can write to. Validation, the
 * workers and the error file read this copy, so a second PUT to the upload URL cannot change what a job runs.
 *
 * @param etag the uploaded object's ETag, which names the copy: two different uploads never share a copy
 */
public record PinnedInput(String key, String etag, long size) {
    public PinnedInput {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
        if (size < 0) {
            throw new IllegalArgumentException("size " + size);
        }
    }
}
