package dev.batchjobs.testing;

import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.PresignedUrl;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
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
