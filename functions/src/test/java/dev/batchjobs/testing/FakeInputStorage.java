package dev.batchjobs.testing;

import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.PinnedInput;
import dev.batchjobs.domain.PresignedUrl;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presigns nothing: returns recognisable URLs with the expiry a real presigner would report; holds the
 * objects a test "uploads" so that ranged reads work as on S3.
 */
public final class FakeInputStorage implements InputStorage {
    private final Clock clock;

    public FakeInputStorage(Clock clock) {
        this.clock = clock;
    }

    /** Uploaded objects, as a client's PUT would leave them. */
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    public void put(String key, byte[] content) {
        objects.put(key, content.clone());
    }

    /** What the bucket's lifecycle does when an object's time is up. */
    public void expire(String key) {
        objects.remove(key);
    }

    /** An uploaded object's ETag, as S3 gives a single-part upload: the MD5 of its bytes, in hex. */
    @Override
    public Optional<String> etag(String key) {
        return Optional.ofNullable(objects.get(key)).map(FakeInputStorage::md5);
    }

    @Override
    public Optional<PinnedInput> pin(String uploadKey, String copyKey, String etag) {
        byte[] content = objects.get(uploadKey);
        if (content == null || !md5(content).equals(etag)) {
            return Optional.empty();
        }
        objects.put(copyKey, content.clone());
        return Optional.of(new PinnedInput(copyKey, etag, content.length));
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public InputStream read(String key, long start, long end) {
        byte[] content = objects.get(key);
        if (content == null) {
            throw new IllegalStateException("No object " + key);
        }
        return new ByteArrayInputStream(Arrays.copyOfRange(content, (int) start, (int) Math.min(end, content.length)));
    }

    @Override
    public OptionalLong size(String key) {
        byte[] content = objects.get(key);
        return content == null ? OptionalLong.empty() : OptionalLong.of(content.length);
    }

    @Override
    public PresignedUrl presignUpload(String key, Duration ttl) {
        return new PresignedUrl(
                "https://storage.test/upload/" + key + "?ttl=" + ttl.toSeconds(),
                clock.instant().plus(ttl));
    }

    @Override
    public PresignedUrl presignDownload(String key, Duration ttl) {
        return new PresignedUrl(
                "https://storage.test/download/" + key + "?ttl=" + ttl.toSeconds(),
                clock.instant().plus(ttl));
    }
}
