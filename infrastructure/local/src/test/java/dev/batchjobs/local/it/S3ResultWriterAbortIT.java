package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.aws.S3ResultStorage;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.target.RowResult;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A results merge that fails midway, through S3Proxy: after a multipart upload began, the failure reaches the caller,
 * no object appears at the key and the upload is aborted (its parts are gone, nothing can complete it).
 */
class S3ResultWriterAbortIT {
    private static final String ACCOUNT = "acct_abort_it";

    // What the storage did through its client: the uploads it began and aborted, the part uploads it tried and the
    // parts S3 took.
    private final List<String> uploadIds = new ArrayList<>();
    private final List<String> abortedIds = new ArrayList<>();
    private final AtomicInteger partUploads = new AtomicInteger();
    private final List<CompletedPart> sentParts = new ArrayList<>();

    @Test
    void aMergeWhoseCommittedPartIsMissingFailsAndLeavesNoObjectAndNoUpload() {
        ResultFiles files = new ResultFiles(new S3ResultStorage(recording(LocalClients.s3(), 0), LocalClients.BUCKET));
        String job = newJobId();
        // Four chunks of one 5 MB part each, then a fifth whose part was never written: the parts are written in
        // order whatever is read ahead, and one 8 MiB upload goes at a time, so the first has been sent by the time
        // the merge reaches the gap.
        List<ChunkState> chunks = List.of(
                writtenChunk(files, job, 0),
                writtenChunk(files, job, 1),
                writtenChunk(files, job, 2),
                writtenChunk(files, job, 3),
                chunk(job, 4, 1));

        assertThatThrownBy(() -> files.merge(ACCOUNT, job, chunks))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Committed results part is missing");

        assertNothingCounts(ResultFiles.outputKey(ACCOUNT, job));
    }

    @Test
    void aMergeWhosePartUploadFailsPassesTheFailureOnAndLeavesNoObjectAndNoUpload() {
        ResultFiles files = new ResultFiles(new S3ResultStorage(recording(LocalClients.s3(), 2), LocalClients.BUCKET));
        String job = newJobId();
        List<ChunkState> chunks = List.of(
                writtenChunk(files, job, 0),
                writtenChunk(files, job, 1),
                writtenChunk(files, job, 2),
                writtenChunk(files, job, 3));

        assertThatThrownBy(() -> files.merge(ACCOUNT, job, chunks))
                .isInstanceOf(SdkClientException.class)
                .hasMessageContaining("part upload 2 failed");

        assertThat(partUploads).hasValue(2);
        assertNothingCounts(ResultFiles.outputKey(ACCOUNT, job));
    }

    private void assertNothingCounts(String key) {
        assertThat(uploadIds).as("the merge went through a multipart upload").hasSize(1);
        assertThat(sentParts).as("and sent at least one part before it failed").isNotEmpty();
        assertThatThrownBy(() -> LocalClients.s3()
                        .headObject(b -> b.bucket(LocalClients.BUCKET).key(key)))
                .isInstanceOfAny(NoSuchKeyException.class, S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));
        // The upload was aborted; what is left of it holds no part, and is no longer in progress.
        String uploadId = uploadIds.get(0);
        assertThat(abortedIds).containsExactly(uploadId);
        assertThat(LocalClients.s3()
                        .listParts(b -> b.bucket(LocalClients.BUCKET).key(key).uploadId(uploadId))
                        .parts())
                .isEmpty();
        assertThatThrownBy(() -> LocalClients.s3()
                        .completeMultipartUpload(b -> b.bucket(LocalClients.BUCKET)
                                .key(key)
                                .uploadId(uploadId)
                                .multipartUpload(m -> m.parts(sentParts))))
                .isInstanceOf(NoSuchUploadException.class);
        assertThat(LocalClients.s3()
                        .listMultipartUploads(b -> b.bucket(LocalClients.BUCKET).prefix(key))
                        .uploads())
                .isEmpty();
    }

    /** A chunk with one committed part of about 5 MB. */
    private static ChunkState writtenChunk(ResultFiles files, String job, int index) {
        String padding = "x".repeat(1000);
        List<RowResult> rows = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            rows.add(RowResult.error(index * 5000L + i, "r" + i, 200, "t", "c", padding));
        }
        files.writePart(ACCOUNT, chunk(job, index, 0), rows);
        return chunk(job, index, 1);
    }

    private static ChunkState chunk(String job, int index, int parts) {
        return new ChunkState(job, index, new ChunkRange(0, 1, 0, 5000, 1), new BitSet(), parts, 0, 0, parts);
    }

    @SuppressWarnings("unchecked")
    private static String abortedUploadId(Object request) {
        if (request instanceof AbortMultipartUploadRequest abort) {
            return abort.uploadId();
        }
        AbortMultipartUploadRequest.Builder builder = AbortMultipartUploadRequest.builder();
        ((Consumer<AbortMultipartUploadRequest.Builder>) request).accept(builder);
        return builder.build().uploadId();
    }

    private static String newJobId() {
        return "batchv2_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    /** The client, recording each multipart upload it begins and failing the {@code failPart}-th part (0: none). */
    private S3Client recording(S3Client real, int failPart) {
        return (S3Client) Proxy.newProxyInstance(
                S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, (proxy, method, args) -> {
                    if (method.getName().equals("uploadPart") && partUploads.incrementAndGet() == failPart) {
                        throw SdkClientException.create("part upload " + failPart + " failed");
                    }
                    if (method.getName().equals("abortMultipartUpload")) {
                        abortedIds.add(abortedUploadId(args[0]));
                    }
                    try {
                        Object result = method.invoke(real, args);
                        if (result instanceof CreateMultipartUploadResponse created) {
                            uploadIds.add(created.uploadId());
                        }
                        if (result instanceof UploadPartResponse sent) {
                            sentParts.add(CompletedPart.builder()
                                    .partNumber(sentParts.size() + 1)
                                    .eTag(sent.eTag())
                                    .build());
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
