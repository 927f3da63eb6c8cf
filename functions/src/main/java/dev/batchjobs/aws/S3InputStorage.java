package dev.batchjobs.aws;

import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.PresignedUrl;
import java.time.Duration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/** Input and results files in one S3 bucket, reached by the client through SigV4 presigned URLs. */
public final class S3InputStorage implements InputStorage {
    private final S3Presigner presigner;
    private final String bucket;

    public S3InputStorage(S3Presigner presigner, String bucket) {
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public PresignedUrl presignUpload(String key, Duration ttl) {
        PresignedPutObjectRequest presigned = presigner.presignPutObject(b -> b.signatureDuration(ttl)
                .putObjectRequest(put -> put.bucket(bucket).key(key)));
        return new PresignedUrl(presigned.url().toString(), presigned.expiration());
    }

    @Override
    public PresignedUrl presignDownload(String key, Duration ttl) {
        PresignedGetObjectRequest presigned = presigner.presignGetObject(b -> b.signatureDuration(ttl)
                .getObjectRequest(get -> get.bucket(bucket).key(key)));
        return new PresignedUrl(presigned.url().toString(), presigned.expiration());
    }
}
