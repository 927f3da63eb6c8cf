package dev.batchjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook client on real sockets: the status line ends an attempt, and a silent receiver cannot hold it. */
class HttpWebhookClientTest {
    private final HttpWebhookClient client = new HttpWebhookClient(Duration.ofSeconds(1), Duration.ofSeconds(1));
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theAttemptEndsWithTheStatusEvenWhileTheBodyIsStillComing() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(202, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write('{');
                body.flush();
                // The rest of the body waits until the test has its answer: a client that read it would time out.
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client hung up, as it should
            }
        });
        server.start();

        // A deadline, not a measurement: a client waiting for the body would wait until the test ends.
        int status = assertTimeoutPreemptively(
                Duration.ofSeconds(15),
                () -> client.post(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
                        "{}",
                        Map.of("Content-Type", "application/json")));

        assertThat(status).isEqualTo(202);
    }

    @Test
    void aReceiverThatNeverAnswersIsATimeoutAfterTheClientsOwnLimit() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    release.await(30, TimeUnit.SECONDS);
                } catch (IOException | InterruptedException e) {
                    // closed at the end of the test
                }
            });
            acceptor.start();

            assertThatThrownBy(() -> client.post(
                            URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/hook"), "{}", Map.of()))
                    .isInstanceOf(HttpTimeoutException.class);
            release.countDown();
            acceptor.join();
        }
        assertThat(client.maxAttempt()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aRedirectIsTheAttemptsAnswerAndIsNeverFollowed() throws Exception {
        // A redirect could lead past the URL checks (to a private address): it is a failed attempt, not a hop.
        AtomicInteger followed = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        server.createContext("/elsewhere", exchange -> {
            followed.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();

        int status = client.post(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
                "{}",
                Map.of("Content-Type", "application/json"));

        assertThat(status).isEqualTo(307);
        assertThat(followed).hasValue(0);
    }
}
