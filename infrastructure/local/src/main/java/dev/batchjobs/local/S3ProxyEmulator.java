package dev.batchjobs.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * S3Proxy speaking the S3 protocol, in this JVM, with SigV4 checking on: a presigned URL that is expired,
 * tampered with, or signed for another key is refused as on AWS. Objects go to files under
 * {@code dataDir} when given (large inputs never sit on the heap), to memory otherwise.
 */
final class S3ProxyEmulator implements AutoCloseable {
    private final S3Proxy proxy;
    private final BlobStore store;
    private final int port;

    private S3ProxyEmulator(S3Proxy proxy, BlobStore store, int port) {
        this.proxy = proxy;
        this.store = store;
        this.port = port;
    }

    /** @param events receives an "Object Created" event for every object written */
    static S3ProxyEmulator start(int requestedPort, Optional<Path> dataDir, Consumer<JsonNode> events)
            throws Exception {
        int port = LocalAws.portOrFree(requestedPort);
        BlobStore store;
        if (dataDir.isPresent()) {
            Files.createDirectories(dataDir.get());
            store = new FilesystemNio2BlobStore(dataDir.get().toString());
        } else {
            store = new TransientNio2BlobStore();
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new NotifyingBlobStore(store, events))
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, LocalAws.ACCESS_KEY_ID, LocalAws.SECRET_ACCESS_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        return new S3ProxyEmulator(proxy, store, port);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    BlobStore store() {
        return store;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        store.close();
    }
}
