package dev.batchjobs.domain.input;

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
    /** The envelope's fields; {@code error} is the error file's note on a failed row, ignored so the file can be uploaded again. */
    private static final Set<String> FIELDS = Set.of("id", "path_params", "params", "context", "error");

    private RowRules() {}

    public static Optional<RowProblem> check(Endpoint endpoint, JsonNode row) {
        for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                return problem(
                        "unknown_field",
                        name,
                        "unknown field '" + name + "'; a row has only id, path_params, params, context"
                                + " (and error, which is ignored)");
            }
        }
        JsonNode id = row.get("id");
        if (id == null || id.isNull()) {
            return problem("missing_id", "id", "'id' is missing; every row needs a unique id");
        }
        if (!id.isTextual() || !ID.matcher(id.textValue()).matches()) {
            return problem("invalid_id", "id", "'id' must be a string of 1 to 255 letters, digits, '_' or '-'");
        }
        List<String> placeholders = endpoint.placeholders();
        JsonNode pathParams = row.get("path_params");
        if (!placeholders.isEmpty() || (pathParams != null && !pathParams.isNull())) {
            if (pathParams == null || !pathParams.isObject()) {
                return problem(
                        "invalid_path_params",
                        "path_params",
                        placeholders.isEmpty()
                                ? "'path_params' must be absent: " + endpoint.path() + " has no placeholders"
                                : "'path_params' must be an object with the keys " + placeholders);
            }
            Set<String> given = new TreeSet<>();
            pathParams.fieldNames().forEachRemaining(given::add);
            if (placeholders.isEmpty() && !given.isEmpty()) {
                return problem(
                        "invalid_path_params",
                        "path_params",
                        "'path_params' must be absent or empty: " + endpoint.path()
                                + " has no placeholders, but the row gives " + given);
            }
            if (!given.equals(new TreeSet<>(placeholders))) {
                return problem(
                        "invalid_path_params",
                        "path_params",
                        "'path_params' must have exactly the keys " + placeholders + " of " + endpoint.path() + ", not "
                                + given);
            }
            for (String name : placeholders) {
                JsonNode value = pathParams.get(name);
                if (!value.isTextual() || value.textValue().isEmpty()) {
                    return problem(
                            "invalid_path_params",
                            "path_params." + name,
                            "'path_params." + name + "' must be a non-empty string");
                }
            }
        }
        JsonNode params = row.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            return problem("invalid_params", "params", "'params' must be an object");
        }
        JsonNode context = row.get("context");
        if (context != null && !context.isNull() && !context.isTextual()) {
            return problem("invalid_context", "context", "'context' must be a string (an account id)");
        }
        return Optional.empty();
    }

    private static Optional<RowProblem> problem(String code, String field, String message) {
        return Optional.of(new RowProblem(code, field, message));
    }
}
