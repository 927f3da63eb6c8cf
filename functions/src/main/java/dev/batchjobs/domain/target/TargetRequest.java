package dev.batchjobs.domain.target;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP request to the target, ready to send. */
public record TargetRequest(String method, URI uri, Map<String, String> headers, String body) {
    public TargetRequest {
        headers = Map.copyOf(headers);
    }

    /** The same request with one header set (replacing any of that name). */
    public TargetRequest withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new TargetRequest(method, uri, copy, body);
    }

    @Override
    public String toString() {
        return "TargetRequest[" + method + " " + uri + "]";
    }
}
