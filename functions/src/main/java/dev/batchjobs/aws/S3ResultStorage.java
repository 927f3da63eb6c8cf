package dev.batchjobs.aws;

import dev.batchjobs.domain.chunks.ResultStorage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Results in S3. Merged files stream through a multipart upload in 8 MiB parts, each uploaded while the next fills,
 * so a worker's memory does not grow with the job; a file that never reaches the part size is written with one PUT.
 */
public final class S3ResultStorage implements ResultStorage {
    static final int PART_SIZE = 8 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;

    public S3ResultStorage(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public void writePart(String key, byte[] content) {
        s3.putObject(
                b -> b.bucket(bucket).key(key).contentType("application/jsonlines"), RequestBody.fromBytes(content));
    }

    @Override
    public Optional<InputStream> openPart(String key) {
        try {
            return Optional.of(s3.getObject(b -> b.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public ResultWriter create(String key, String contentType) {
        return new MultipartWriter(key, contentType);
    }

    /**
     * Buffers up to a part and uploads each full part on a thread of its own while the next one fills, one upload at
     * a time: the merge keeps reading while a part goes out, and memory holds at most two parts.
     */
    private final class MultipartWriter extends ResultWriter {
        private final String key;
        private final String contentType;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final List<CompletedPart> parts = new ArrayList<>();
        private ExecutorService uploader;
        private Future<CompletedPart> pending;
        private String uploadId;
        private long size;
        private boolean done;

        MultipartWriter(String key, String contentType) {
            this.key = key;
            this.contentType = contentType;
        }

        @Override
        public void write(int b) {
            buffer.write(b);
            size++;
            flushIfFull();
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            buffer.write(bytes, offset, length);
            size += length;
            flushIfFull();
        }

        private void flushIfFull() {
            if (buffer.size() >= PART_SIZE) {
                uploadPart();
            }
        }

        private void uploadPart() {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(
                                b -> b.bucket(bucket).key(key).contentType(contentType))
                        .uploadId();
                uploader = Executors.newSingleThreadExecutor(r -> {
                    Thread thread = new Thread(r, "results-part-upload");
                    thread.setDaemon(true);
                    return thread;
                });
            }
            awaitPending();
            int number = parts.size() + 1;
            byte[] content = buffer.toByteArray();
            buffer.reset();
            pending = uploader.submit(() -> {
                String etag = s3.uploadPart(
                                b -> b.bucket(bucket)
                                        .key(key)
                                        .uploadId(uploadId)
                                        .partNumber(number),
                                RequestBody.fromBytes(content))
                        .eTag();
                return CompletedPart.builder().partNumber(number).eTag(etag).build();
            });
        }

        /** Waits for the part being uploaded; its failure is the writer's. */
        private void awaitPending() {
            if (pending == null) {
                return;
            }
            try {
                parts.add(pending.get());
                pending = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while uploading " + key, e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r
                        ? r
                        : new IllegalStateException("Could not upload a part of " + key, e.getCause());
            }
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void abort() {
            if (!done && uploadId != null) {
                if (pending != null) {
                    pending.cancel(true);
                }
                uploader.shutdownNow();
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            }
            done = true;
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            if (uploadId == null) {
                done = true;
                s3.putObject(
                        b -> b.bucket(bucket).key(key).contentType(contentType),
                        RequestBody.fromBytes(buffer.toByteArray()));
                return;
            }
            if (buffer.size() > 0) {
                uploadPart();
            }
            awaitPending();
            done = true;
            uploader.shutdown();
            s3.completeMultipartUpload(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        }
    }
}
