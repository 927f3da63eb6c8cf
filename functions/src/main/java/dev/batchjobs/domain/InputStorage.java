package dev.batchjobs.domain;

import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/** The object store that holds input and results files. */
public interface InputStorage {

    /** A URL that lets its holder PUT one object at {@code key}, and nothing else, for {@code ttl}. */
    PresignedUrl presignUpload(String key, Duration ttl);

    /** A URL that lets its holder GET the object at {@code key} for {@code ttl}. */
    PresignedUrl presignDownload(String key, Duration ttl);

    /**
     * Copies the object at {@code uploadKey} to {@code copyKey}, only if it still has ETag {@code etag} (it is the
     * upload that was announced, not a later one); empty when it has another ETag or is gone.
     */
    Optional<PinnedInput> pin(String uploadKey, String copyKey, String etag);

    /** The ETag of the object at {@code key} (without quotes), or empty when there is none. */
    Optional<String> etag(String key);

    /** Bytes {@code [start, end)} of the object at {@code key} (a ranged GET): a worker reads only its chunk. */
    InputStream read(String key, long start, long end);

    /** The size of the object at {@code key}, or empty when there is none (a HEAD: nothing is read). */
    OptionalLong size(String key);
}
