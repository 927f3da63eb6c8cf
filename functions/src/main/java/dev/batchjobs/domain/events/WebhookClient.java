package dev.batchjobs.domain.events;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** POSTs one webhook; returns the HTTP status, or throws when no answer came (connection, timeout). */
public interface WebhookClient {
    int post(URI url, String payload, Map<String, String> headers) throws IOException;
}
