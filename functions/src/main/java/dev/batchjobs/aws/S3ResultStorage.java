package dev.batchjobs.aws;

import dev.batchjobs.domain.chunks.ResultStorage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Results in S3. Merged files stream through a multipart upload in 8 MiB parts, so a worker's memory does
 * not grow with the job; a file that never reaches the part size is written with one PUT.
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

    private final class MultipartWriter extends ResultWriter {
        private final String key;
        private final String contentType;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final List<CompletedPart> parts = new ArrayList<>();
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
            }
            int number = parts.size() + 1;
            String etag = s3.uploadPart(
                            b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                            RequestBody.fromBytes(buffer.toByteArray()))
                    .eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            buffer.reset();
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void abort() {
            if (!done && uploadId != null) {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            }
            done = true;
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            if (uploadId == null) {
                s3.putObject(
                        b -> b.bucket(bucket).key(key).contentType(contentType),
                        RequestBody.fromBytes(buffer.toByteArray()));
                return;
            }
            if (buffer.size() > 0) {
                uploadPart();
            }
            s3.completeMultipartUpload(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        }
    }
}
