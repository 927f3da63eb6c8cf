package dev.batchjobs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.BatchJobsException;
import dev.batchjobs.json.Json;

/**
 * Meteroid's {@code RestErrorResponse {code, message}}, whose codes name the status. Its OpenAPI knows only
 * 400, 401, 404 and 500: a problem with the exchange other than a 404 is a 400.
 */
final class MeteroidErrors implements ErrorMapper {
    @Override
    public MappedError exchange(ApiException error) {
        return error.status() == 404
                ? body(404, "NOT_FOUND", error.getMessage())
                : body(400, "BAD_REQUEST", error.getMessage());
    }

    @Override
    public MappedError domain(BatchJobsException error, int status) {
        return body(
                status,
                switch (status) {
                    case 401 -> "UNAUTHORIZED";
                    case 404 -> "NOT_FOUND";
                    default -> "BAD_REQUEST";
                },
                error.getMessage());
    }

    @Override
    public MappedError unexpected(String message) {
        return body(500, "INTERNAL_SERVER_ERROR", message);
    }

    private static MappedError body(int status, String code, String message) {
        ObjectNode body = Json.object();
        body.put("code", code);
        body.put("message", message);
        return new MappedError(status, body);
    }
}
