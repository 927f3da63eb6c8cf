package dev.batchjobs.domain;

import java.time.Instant;
import java.util.Objects;

/** A time-limited URL for one object, and when it stops working. */
public record PresignedUrl(String url, Instant expiresAt) {
    public PresignedUrl {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
