package dev.batchjobs.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * S3's EventBridge notifications for S3Proxy: every object written (a PUT, or a completed multipart upload)
 * produces an "Object Created" event in the shape AWS sends, after the write is done.
 */
final class NotifyingBlobStore extends ForwardingBlobStore {
    private final Consumer<JsonNode> events;

    NotifyingBlobStore(BlobStore delegate, Consumer<JsonNode> events) {
        super(delegate);
        this.events = events;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        PutObjectResponse response = super.putBlob(request, content);
        created(request.bucket(), request.key(), "PutObject");
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
            MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        created(request.bucket(), request.key(), "CompleteMultipartUpload");
        return response;
    }

    private void created(String bucket, String key, String reason) {
        HeadObjectResponse head = blobMetadata(bucket, key);
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Object Created");
        event.put("source", "aws.s3");
        event.put("account", LocalAws.ACCOUNT_ID);
        event.put("time", Instant.now().toString());
        event.put("region", LocalAws.REGION);
        event.putArray("resources").add("arn:aws:s3:::" + bucket);
        ObjectNode detail = event.putObject("detail");
        detail.put("version", "0");
        detail.putObject("bucket").put("name", bucket);
        detail.putObject("object")
                .put("key", key)
                .put("size", head.contentLength())
                .put("etag", head.eTag());
        detail.put("reason", reason);
        events.accept(event);
    }
}
