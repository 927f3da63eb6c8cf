package dev.batchjobs.aws;

import dev.batchjobs.domain.target.TargetClient;
import dev.batchjobs.domain.target.TargetRequest;
import dev.batchjobs.domain.target.TargetResponse;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The target over HTTP with the JDK's asynchronous client: one worker keeps many requests in flight on a
 * few threads. Each request has its own timeout; a timeout or a broken connection completes the future
 * exceptionally, which the retry policy treats as "no response".
 */
public final class HttpTargetClient implements TargetClient {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient http;
    private final Duration requestTimeout;

    public HttpTargetClient(HttpClient http, Duration requestTimeout) {
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    public static HttpTargetClient create(Duration connectTimeout, Duration requestTimeout) {
        return new HttpTargetClient(
                HttpClient.newBuilder()
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                requestTimeout);
    }

    /**
     * {@code onWire} runs when the client asks for the request's body, on its own thread, as it starts writing the
     * request: however long the client's threads took to get to it (on the local cloud the target had the request a
     * median 0.2-0.8 ms later). The JDK's client never asks for an empty body; such a request tells {@code onWire} as it
     * is handed to the client.
     */
    @Override
    public CompletableFuture<TargetResponse> send(TargetRequest request, Runnable onWire) {
        HttpRequest.BodyPublisher body;
        if (request.body().isEmpty()) {
            onWire.run();
            body = HttpRequest.BodyPublishers.noBody();
        } else {
            body = new OnWire(HttpRequest.BodyPublishers.ofString(request.body()), onWire);
        }
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(request.uri()).timeout(requestTimeout).method(request.method(), body);
        request.headers().forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                builder.header(name, value);
            }
        });
        return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new TargetResponse(
                        response.statusCode(),
                        response.body(),
                        response.headers().firstValue("Retry-After").flatMap(HttpTargetClient::retryAfter)));
    }

    /** A body that says when the client first subscribes to it: when it starts writing the request. */
    private record OnWire(HttpRequest.BodyPublisher body, Runnable onWire) implements HttpRequest.BodyPublisher {
        @Override
        public long contentLength() {
            return body.contentLength();
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            onWire.run();
            body.subscribe(subscriber);
        }
    }

    /** Retry-After as seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(String value) {
        String text = value.trim();
        try {
            long seconds = Long.parseLong(text);
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(
                        ZonedDateTime.now(), ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
