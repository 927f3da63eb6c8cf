package dev.batchjobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LoopbackServerTest {
    /**
     * With Nagle's algorithm on, a response's body waits for the client's delayed acknowledgement of its headers: each
     * round trip takes 40 ms or more. Without it, well under a millisecond here; the bound leaves a wide margin for a
     * busy machine and still fails on the stall.
     */
    @Test
    void aResponseOnAKeptAliveConnectionIsNotHeldBackByTheClientsDelayedAcknowledgement() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (LoopbackServer server = LoopbackServer.bind(0, 16, 2, "loopback-test")
                .handle("/", exchange -> LoopbackServer.respond(exchange, 200, "application/json", "{\"ok\":1}"))
                .start()) {
            HttpRequest request = HttpRequest.newBuilder(server.baseUrl().resolve("/ping"))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            for (int i = 0; i < 5; i++) {
                client.send(request, HttpResponse.BodyHandlers.ofString());
            }
            long[] roundTrips = new long[21];
            for (int i = 0; i < roundTrips.length; i++) {
                long start = System.nanoTime();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                roundTrips[i] = System.nanoTime() - start;
                assertThat(response.body()).isEqualTo("{\"ok\":1}");
            }
            Arrays.sort(roundTrips);
            assertThat(Duration.ofNanos(roundTrips[roundTrips.length / 2])).isLessThan(Duration.ofMillis(20));
        }
    }
}
