package dev.batchjobs.domain;

import java.util.Objects;

/** A results file the service wrote: where it is, how big, what type. */
public record OutputFile(String key, long size, String contentType) {
    public OutputFile {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(contentType, "contentType");
    }
}
