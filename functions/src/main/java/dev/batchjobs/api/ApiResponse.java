package dev.batchjobs.api;

import java.util.Map;

/** A response: status, headers and a JSON body. */
public record ApiResponse(int status, Map<String, String> headers, String body) {
    public ApiResponse {
        headers = Map.copyOf(headers);
    }
}
