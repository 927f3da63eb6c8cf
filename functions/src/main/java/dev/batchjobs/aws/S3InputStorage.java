package dev.batchjobs.aws;

import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.PinnedInput;
import dev.batchjobs.domain.PresignedUrl;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/** Input and results files in one S3 bucket, reached by the client through SigV4 presigned URLs. */
public final class S3InputStorage implements InputStorage {
    private final S3Presigner presigner;
    private final S3Client s3;
    private final String bucket;

    public S3InputStorage(S3Presigner presigner, S3Client s3, String bucket) {
        this.presigner = presigner;
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public Optional<String> etag(String key) {
        try {
            return Optional.of(
                    s3.headObject(b -> b.bucket(bucket).key(key)).eTag().replace("\"", ""));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<PinnedInput> pin(String uploadKey, String copyKey, String etag) {
        try {
            s3.copyObject(b -> b.sourceBucket(bucket)
                    .sourceKey(uploadKey)
                    .destinationBucket(bucket)
                    .destinationKey(copyKey)
                    .copySourceIfMatch(etag));
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                return Optional.empty(); // replaced by a newer upload, or gone
            }
            throw e;
        }
        long size = s3.headObject(b -> b.bucket(bucket).key(copyKey)).contentLength();
        return Optional.of(new PinnedInput(copyKey, etag, size));
    }

    @Override
    public InputStream read(String key, long start, long end) {
        if (end <= start) {
            return InputStream.nullInputStream();
        }
        // HTTP ranges are inclusive at both ends.
        return s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=" + start + "-" + (end - 1)));
    }

    @Override
    public OptionalLong size(String key) {
        try {
            return OptionalLong.of(s3.headObject(b -> b.bucket(bucket).key(key)).contentLength());
        } catch (S3Exception e) {
            // A HEAD has no body, so a missing object is only its status (NoSuchKey for some SDK paths, 404 always).
            if (e.statusCode() == 404) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    @Override
    public PresignedUrl presignUpload(String key, Duration ttl) {
        PresignedPutObjectRequest presigned = presigner.presignPutObject(b -> b.signatureDuration(ttl)
                .putObjectRequest(put -> put.bucket(bucket).key(key)));
        return new PresignedUrl(presigned.url().toString(), trueExpiry(presigned.expiration()));
    }

    /**
     * A SigV4 signature's date is in whole seconds, so a URL stops working at the signing second plus its TTL;
     * the signer's own figure keeps the milliseconds and is up to a second late.
     */
    private static Instant trueExpiry(Instant signerEstimate) {
        return signerEstimate.truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public PresignedUrl presignDownload(String key, Duration ttl) {
        PresignedGetObjectRequest presigned = presigner.presignGetObject(b -> b.signatureDuration(ttl)
                .getObjectRequest(get -> get.bucket(bucket).key(key)));
        return new PresignedUrl(presigned.url().toString(), trueExpiry(presigned.expiration()));
    }
}
