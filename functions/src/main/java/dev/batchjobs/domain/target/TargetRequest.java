package dev.batchjobs.domain.target;

import java.net.URI;
import java.util.Map;

/** One HTTP request to the target, ready to send. */
public record TargetRequest(String method, URI uri, Map<String, String> headers, String body) {
    public TargetRequest {
        headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "TargetRequest[" + method + " " + uri + "]";
    }
}
