package dev.batchjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.InvalidMaximumRpsException;
import dev.batchjobs.domain.InvalidParameterException;
import dev.batchjobs.domain.RetryCommand;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Turns the optional JSON body of {@code POST /v2/core/batch_jobs/{id}/retry} into a command: {@code only}
 * ({@code retryable}, the default, or {@code all}) and {@code maximum_rps} (the parent's when absent).
 */
final class RetryRequestParser {
    private static final Set<String> TOP_LEVEL = Set.of("only", "maximum_rps");

    private RetryRequestParser() {}

    static RetryCommand parse(ApiRequest request) {
        QueryParams.of(request).none();
        JsonNode body = Http.jsonBody(request);
        CreateJobRequestParser.requireObject(body, "request body");
        CreateJobRequestParser.rejectUnknown(body, TOP_LEVEL, "");
        RetryCommand.Only only = RetryCommand.Only.RETRYABLE;
        JsonNode onlyNode = body.get("only");
        if (onlyNode != null && !onlyNode.isNull()) {
            only = Arrays.stream(RetryCommand.Only.values())
                    .filter(o -> onlyNode.isTextual() && o.wireName().equals(onlyNode.textValue()))
                    .findFirst()
                    .orElseThrow(() -> InvalidParameterException.invalid(
                            "only",
                            "expected one of retryable, all, received "
                                    + (onlyNode.isTextual() ? "'" + onlyNode.textValue() + "'" : onlyNode.toString())));
        }
        OptionalInt rps = OptionalInt.empty();
        JsonNode rpsNode = body.get("maximum_rps");
        if (rpsNode != null && !rpsNode.isNull()) {
            if (!rpsNode.isIntegralNumber() || !rpsNode.canConvertToInt()) {
                throw new InvalidMaximumRpsException(rpsNode.toString());
            }
            rps = OptionalInt.of(rpsNode.intValue());
        }
        return new RetryCommand(only, rps);
    }
}
