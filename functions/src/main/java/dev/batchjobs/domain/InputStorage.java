package dev.batchjobs.domain;

import java.time.Duration;

/** The object store that holds input and results files. */
public interface InputStorage {

    /** A URL that lets its holder PUT one object at {@code key}, and nothing else, for {@code ttl}. */
    PresignedUrl presignUpload(String key, Duration ttl);

    /** A URL that lets its holder GET the object at {@code key} for {@code ttl}. */
    PresignedUrl presignDownload(String key, Duration ttl);
}
