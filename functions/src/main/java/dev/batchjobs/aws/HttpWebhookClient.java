package dev.batchjobs.aws;

import dev.batchjobs.domain.events.WebhookClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Webhook POSTs with the JDK's HTTP client: short timeouts (a slow receiver is a failed attempt, retried
 * later), redirects not followed (a redirect could lead past the URL checks), and the body discarded.
 */
public final class HttpWebhookClient implements WebhookClient {
    private final HttpClient client;
    private final Duration requestTimeout;

    public HttpWebhookClient(Duration connectTimeout, Duration requestTimeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.requestTimeout = requestTimeout;
    }

    @Override
    public int post(URI url, String payload, Map<String, String> headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(requestTimeout)
                .header("User-Agent", "BatchJobs-Webhooks/1.0")
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while delivering", e);
        }
    }
}
