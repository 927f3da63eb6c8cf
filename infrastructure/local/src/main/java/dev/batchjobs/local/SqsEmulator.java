package dev.batchjobs.local;

import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import scala.concurrent.Await;
import scala.concurrent.duration.Duration;

/** ElasticMQ speaking the SQS protocol, in this JVM, on loopback. Queues live in memory. */
final class SqsEmulator implements AutoCloseable {
    private final SQSRestServer server;
    private final int port;

    private SqsEmulator(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static SqsEmulator start(int requestedPort) {
        int port = LocalAws.portOrFree(requestedPort);
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSAccountId(LocalAws.ACCOUNT_ID)
                .withAWSRegion(LocalAws.REGION)
                .start();
        server.waitUntilStarted();
        return new SqsEmulator(server, port);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() throws Exception {
        Await.result(server.stopAndGetFuture().apply(), Duration.apply(10, "seconds"));
    }
}
