package dev.batchjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.InvalidMaximumRpsException;
import dev.batchjobs.domain.InvalidParameterException;
import dev.batchjobs.domain.UpdateJobCommand;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Turns the JSON body of {@code POST /v2/core/batch_jobs/{id}} into a command: {@code maximum_rps} and
 * {@code metadata}, whose keys sent as {@code null} are removed.
 */
final class UpdateJobRequestParser {
    private static final Set<String> TOP_LEVEL = Set.of("maximum_rps", "metadata");

    private UpdateJobRequestParser() {}

    static UpdateJobCommand parse(JsonNode body) {
        CreateJobRequestParser.requireObject(body, "request body");
        CreateJobRequestParser.rejectUnknown(body, TOP_LEVEL, "");
        OptionalInt rps = OptionalInt.empty();
        JsonNode rpsNode = body.get("maximum_rps");
        if (rpsNode != null) {
            if (!rpsNode.isIntegralNumber() || !rpsNode.canConvertToInt()) {
                throw new InvalidMaximumRpsException(rpsNode.toString());
            }
            rps = OptionalInt.of(rpsNode.intValue());
        }
        Map<String, String> set = new LinkedHashMap<>();
        Set<String> unset = new HashSet<>();
        JsonNode metadata = body.get("metadata");
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject()) {
                throw InvalidParameterException.invalid(
                        "metadata",
                        "expected an object of string keys and string (or null) values, received "
                                + CreateJobRequestParser.kind(metadata));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getValue().isNull()) {
                    unset.add(entry.getKey());
                } else if (entry.getValue().isTextual()) {
                    set.put(entry.getKey(), entry.getValue().textValue());
                } else {
                    throw InvalidParameterException.invalid(
                            "metadata[" + entry.getKey() + "]",
                            "expected a string or null, received " + CreateJobRequestParser.kind(entry.getValue()));
                }
            }
        }
        return new UpdateJobCommand(rps, set, unset);
    }
}
