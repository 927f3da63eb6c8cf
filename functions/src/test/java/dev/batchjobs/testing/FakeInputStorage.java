package dev.batchjobs.testing;

import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.PresignedUrl;
import java.time.Clock;
import java.time.Duration;

/** Presigns nothing: returns recognisable URLs with the expiry a real presigner would report. */
public final class FakeInputStorage implements InputStorage {
    private final Clock clock;

    public FakeInputStorage(Clock clock) {
        this.clock = clock;
    }

    @Override
    public PresignedUrl presignUpload(String key, Duration ttl) {
        return new PresignedUrl("https://storage.test/upload/" + key + "?ttl=" + ttl.toSeconds(), clock.instant().plus(ttl));
    }

    @Override
    public PresignedUrl presignDownload(String key, Duration ttl) {
        return new PresignedUrl("https://storage.test/download/" + key + "?ttl=" + ttl.toSeconds(), clock.instant().plus(ttl));
    }
}
