package dev.batchjobs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.BatchJobsException;
import dev.batchjobs.domain.IdempotencyKeyReusedException;
import dev.batchjobs.json.Json;

/** Stripe's error envelope, {@code {"error": {type, code, message, param?}}}. */
final class StripeErrors implements ErrorMapper {
    private static final String INVALID_REQUEST = "invalid_request_error";

    @Override
    public MappedError exchange(ApiException error) {
        return body(error.status(), INVALID_REQUEST, error.code(), error.getMessage(), null);
    }

    @Override
    public MappedError domain(BatchJobsException error, int status) {
        String type = error instanceof IdempotencyKeyReusedException ? "idempotency_error" : INVALID_REQUEST;
        return body(status, type, error.code(), error.getMessage(), error.param());
    }

    @Override
    public MappedError unexpected(String message) {
        return body(500, "api_error", "internal_error", message, null);
    }

    private static MappedError body(int status, String type, String code, String message, String param) {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("type", type);
        error.put("code", code);
        error.put("message", message);
        if (param != null) {
            error.put("param", param);
        }
        return new MappedError(status, root);
    }
}
