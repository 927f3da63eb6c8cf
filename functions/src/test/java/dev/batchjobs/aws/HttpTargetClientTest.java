package dev.batchjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.batchjobs.domain.target.TargetRequest;
import dev.batchjobs.domain.target.TargetResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HttpTargetClientTest {
    /**
     * The pacer counts a start from when the request leaves (onWire): before the target has it, once, for a request
     * with a body (told as the client writes it) and without one (told as it is handed over).
     */
    @Test
    void onWireIsToldOnceBeforeTheTargetHasTheRequest() throws Exception {
        AtomicInteger wired = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] seen = String.valueOf(wired.get()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, seen.length);
            exchange.getResponseBody().write(seen);
            exchange.close();
        });
        server.start();
        try {
            HttpTargetClient client = HttpTargetClient.create(Duration.ofSeconds(5), Duration.ofSeconds(10));
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            for (TargetRequest request : new TargetRequest[] {
                new TargetRequest("POST", URI.create(base + "/v1/customers/cus_1"), Map.of(), "name=Ada"),
                new TargetRequest("DELETE", URI.create(base + "/v1/customers/cus_2"), Map.of(), "")
            }) {
                wired.set(0);
                TargetResponse response =
                        client.send(request, wired::incrementAndGet).get(10, TimeUnit.SECONDS);

                assertThat(response.body()).as(request.method()).isEqualTo("1");
                assertThat(wired).as(request.method()).hasValue(1);
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        assertThat(HttpTargetClient.retryAfter("7")).contains(Duration.ofSeconds(7));
        assertThat(HttpTargetClient.retryAfter("-1")).isEmpty();
        assertThat(HttpTargetClient.retryAfter("soon")).isEmpty();
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
        assertThat(HttpTargetClient.retryAfter(inAMinute))
                .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60)));
        assertThat(HttpTargetClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
    }
}
