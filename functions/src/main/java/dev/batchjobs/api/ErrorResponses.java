package dev.batchjobs.api;

import dev.batchjobs.json.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.AuthenticationFailedException;
import dev.batchjobs.domain.BatchJobsException;
import dev.batchjobs.domain.IdempotencyKeyReusedException;
import dev.batchjobs.domain.JobNotFoundException;
import dev.batchjobs.domain.ResourceMissingException;
import dev.batchjobs.json.MalformedJsonException;

/** The one place that turns exceptions into the error envelope {@code {"error": {type, code, message}}}. */
final class ErrorResponses {
    private ErrorResponses() {}

    record Problem(int status, String type, String code, String message, String param) {}

    static Problem of(RuntimeException error, String requestId) {
        if (error instanceof MalformedJsonException malformed) {
            return of(ApiException.invalidJson(malformed.getMessage()), requestId);
        }
        if (error instanceof ApiException api) {
            return new Problem(api.status(), "invalid_request_error", api.code(), api.getMessage(), null);
        }
        if (error instanceof BatchJobsException domain) {
            int status;
            String type = "invalid_request_error";
            if (domain instanceof AuthenticationFailedException) {
                status = 401;
            } else if (domain instanceof JobNotFoundException || domain instanceof ResourceMissingException) {
                status = 404;
            } else if (domain instanceof IdempotencyKeyReusedException) {
                status = 400;
                type = "idempotency_error";
            } else {
                status = 400;
            }
            return new Problem(status, type, domain.code(), domain.getMessage(), domain.param());
        }
        return new Problem(500, "api_error", "internal_error",
                "An unexpected error occurred. If it persists, contact the operator with request id " + requestId + ".",
                null);
    }

    static ObjectNode body(Problem problem) {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("type", problem.type());
        error.put("code", problem.code());
        error.put("message", problem.message());
        if (problem.param() != null) {
            error.put("param", problem.param());
        }
        return root;
    }
}
