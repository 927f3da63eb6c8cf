package dev.batchjobs.domain.chunks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.Endpoint;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The rules one row must meet before it is sent: an {@code id}, {@code path_params} naming exactly the
 * endpoint's placeholders, {@code params} an object, {@code context} a string. With validation on, the
 * validator has already applied them to the whole file; with {@code skip_validation} they decide, row by
 * row, what is refused (a 400 result) instead of sent.
 */
public final class RowRules {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Set<String> FIELDS = Set.of("id", "path_params", "params", "context");

    private RowRules() {}

    public static Optional<String> check(Endpoint endpoint, long rowIndex, JsonNode row) {
        String where = "Row " + (rowIndex + 1);
        for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                return Optional.of(where + ": unknown field '" + name + "'; expected id, path_params, params, context");
            }
        }
        JsonNode id = row.get("id");
        if (id == null || !id.isTextual() || !ID.matcher(id.textValue()).matches()) {
            return Optional.of(where + ": 'id' must be a string of 1 to 255 letters, digits, '_' or '-'");
        }
        List<String> placeholders = endpoint.placeholders();
        JsonNode pathParams = row.get("path_params");
        if (!placeholders.isEmpty() || pathParams != null) {
            if (pathParams == null || !pathParams.isObject()) {
                return Optional.of(where + ": 'path_params' must be an object with " + placeholders);
            }
            Set<String> given = new TreeSet<>();
            pathParams.fieldNames().forEachRemaining(given::add);
            if (!given.equals(new TreeSet<>(placeholders))) {
                return Optional.of(where + ": 'path_params' must have exactly the keys " + placeholders + ", not " + given);
            }
            for (String name : placeholders) {
                JsonNode value = pathParams.get(name);
                if (!value.isTextual() || value.textValue().isEmpty()) {
                    return Optional.of(where + ": 'path_params." + name + "' must be a non-empty string");
                }
            }
        }
        JsonNode params = row.get("params");
        if (params != null && !params.isObject()) {
            return Optional.of(where + ": 'params' must be an object");
        }
        JsonNode context = row.get("context");
        if (context != null && !context.isTextual()) {
            return Optional.of(where + ": 'context' must be a string");
        }
        return Optional.empty();
    }
}
