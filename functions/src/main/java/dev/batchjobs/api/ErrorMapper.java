package dev.batchjobs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.AuthenticationFailedException;
import dev.batchjobs.domain.BatchJobsException;
import dev.batchjobs.domain.JobNotFoundException;
import dev.batchjobs.domain.ResourceMissingException;
import dev.batchjobs.json.MalformedJsonException;
import org.slf4j.LoggerFactory;

/**
 * Turns what went wrong serving a request into a status and an error body. Which exceptions mean what is
 * decided here, once for both surfaces; each implementation spells the answer in its own envelope.
 * Anything unexpected is logged with its cause and answered with a fixed message naming the request id,
 * never with the exception's message.
 */
interface ErrorMapper {
    record MappedError(int status, ObjectNode body) {}

    default MappedError map(RuntimeException error, ApiRequest request, String requestId) {
        if (error instanceof MalformedJsonException malformed) {
            return exchange(ApiException.invalidJson(malformed.getMessage()));
        }
        if (error instanceof ApiException api) {
            return exchange(api);
        }
        if (error instanceof BatchJobsException domain) {
            int status = domain instanceof AuthenticationFailedException
                    ? 401
                    : domain instanceof JobNotFoundException || domain instanceof ResourceMissingException ? 404 : 400;
            return domain(domain, status);
        }
        LoggerFactory.getLogger(ErrorMapper.class)
                .error("Unexpected failure serving {} {}", request.method(), request.path(), error);
        return unexpected("An unexpected error occurred. If it persists, contact the operator with request id "
                + requestId + ".");
    }

    /** A problem with the HTTP exchange itself: route, method, content type, size, version header, JSON syntax. */
    MappedError exchange(ApiException error);

    /** A condition of the domain, with the status it means: 401, 404 or 400. */
    MappedError domain(BatchJobsException error, int status);

    /** Anything else: a 500 with {@code message}, which names the request id. */
    MappedError unexpected(String message);
}
