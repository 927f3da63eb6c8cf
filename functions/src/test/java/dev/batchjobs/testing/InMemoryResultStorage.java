package dev.batchjobs.testing;

import dev.batchjobs.domain.chunks.ResultStorage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ResultStorage} in memory; an object appears only when its writer closes, as with S3. */
public final class InMemoryResultStorage implements ResultStorage {
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    @Override
    public void writePart(String key, byte[] content) {
        objects.put(key, content.clone());
    }

    @Override
    public Optional<InputStream> openPart(String key) {
        return Optional.ofNullable(objects.get(key)).map(ByteArrayInputStream::new);
    }

    @Override
    public ResultWriter create(String key, String contentType) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new ResultWriter() {
            private boolean aborted;

            @Override
            public void write(int b) {
                buffer.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                buffer.write(b, off, len);
            }

            @Override
            public long size() {
                return buffer.size();
            }

            @Override
            public void abort() {
                aborted = true;
            }

            @Override
            public void close() {
                if (!aborted) {
                    objects.put(key, buffer.toByteArray());
                }
            }
        };
    }

    public Optional<String> text(String key) {
        return Optional.ofNullable(objects.get(key)).map(b -> new String(b, StandardCharsets.UTF_8));
    }
}
