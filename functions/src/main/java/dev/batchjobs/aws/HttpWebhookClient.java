package dev.batchjobs.aws;

import dev.batchjobs.domain.events.WebhookClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Webhook POSTs with the JDK's HTTP client: short timeouts (a slow receiver is a failed attempt, retried later),
 * redirects not followed (a redirect could lead past the URL checks), and the body never read. The attempt ends
 * with the response's status line: a receiver that trickles its body, or never sends one, cannot hold the
 * dispatcher beyond {@link #maxAttempt()}.
 */
public final class HttpWebhookClient implements WebhookClient {
    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    public HttpWebhookClient(Duration connectTimeout, Duration requestTimeout) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /** The longest one attempt can take, connecting included. */
    public Duration maxAttempt() {
        return connectTimeout.plus(requestTimeout);
    }

    @Override
    public int post(URI url, String payload, Map<String, String> headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .header("User-Agent", "BatchJobs-Webhooks/1.0")
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<Void>> response = client.sendAsync(request.build(), info -> new StatusOnly());
        try {
            return response.get(maxAttempt().toMillis(), TimeUnit.MILLISECONDS).statusCode();
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new HttpTimeoutException("no answer within " + maxAttempt().toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while delivering", e);
        }
    }

    /** Takes the status line and headers, then drops the connection's body unread. */
    private static final class StatusOnly implements HttpResponse.BodySubscriber<Void> {
        @Override
        public CompletionStage<Void> getBody() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            // never requested
        }

        @Override
        public void onError(Throwable throwable) {
            // the status is already known
        }

        @Override
        public void onComplete() {
            // nothing to finish
        }
    }
}
