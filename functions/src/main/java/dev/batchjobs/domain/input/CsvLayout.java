package dev.batchjobs.domain.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.JsonReadErrors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a CSV header says about its rows: each column names a place in the row envelope, {@code id},
 * {@code context}, {@code path_params.<placeholder>} or {@code params.<a>.<b>…} (dots nest objects), with an
 * optional type after a colon ({@code params.quantity:number}, {@code :boolean}, {@code :json}; a string
 * otherwise). Names are trimmed; {@code _error} (the error file's own column) is ignored. A header is read against
 * the job's endpoint, so a missing or unknown placeholder column is reported once, on the header, not on every row.
 */
public final class CsvLayout {
    /** The column the error file adds; ignored on input, so a fixed error file can be uploaded as it is. */
    public static final String ERROR_COLUMN = "_error";

    public static final int MAX_COLUMNS = 1000;
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private enum Type {
        STRING,
        NUMBER,
        BOOLEAN,
        JSON;

        static Optional<Type> named(String name) {
            return Arrays.stream(values())
                    .filter(t -> t.name().toLowerCase(Locale.ROOT).equals(name))
                    .findFirst();
        }
    }

    /** One column: its name as the header spells it, where its value goes ({@code null}: ignored), and its type. */
    private record Column(String name, List<String> path, Type type) {
        boolean ignored() {
            return path == null;
        }

        boolean isPathParam() {
            return path != null && path.get(0).equals("path_params");
        }
    }

    /** A header read against an endpoint: its layout, or what is wrong with it (then every row reports that). */
    public record Parsed(CsvLayout layout, RowProblem problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private final List<Column> columns;
    private final int idColumn;
    private final String endpointName;

    private CsvLayout(List<Column> columns, int idColumn, String endpointName) {
        this.columns = List.copyOf(columns);
        this.idColumn = idColumn;
        this.endpointName = endpointName;
    }

    public static Parsed parse(List<String> names, Endpoint endpoint) {
        String endpointName = endpoint.httpMethod().wireName().toUpperCase(Locale.ROOT) + " " + endpoint.path();
        if (names.isEmpty()) {
            return problem(
                    null,
                    "the file has no header; its first line must name the columns (id, path_params.<name>, params.<name>, context)");
        }
        if (names.size() > MAX_COLUMNS) {
            return problem(
                    null, "the header has " + names.size() + " columns; at most " + MAX_COLUMNS + " are allowed");
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i) == null ? "" : names.get(i).strip();
            if (name.isEmpty()) {
                return problem("column " + (i + 1), "column " + (i + 1) + " of the header has no name");
            }
            Optional<Column> column = column(name);
            if (column.isEmpty()) {
                return problem(name, describeBadName(name));
            }
            columns.add(column.get());
        }
        Optional<RowProblem> conflict = conflicts(columns);
        if (conflict.isPresent()) {
            return new Parsed(null, conflict.get());
        }
        int idColumn = -1;
        TreeSet<String> placeholders = new TreeSet<>();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            if (!column.ignored() && column.path().equals(List.of("id"))) {
                idColumn = i;
            }
            if (column.isPathParam()) {
                String placeholder = column.path().get(1);
                if (!endpoint.placeholders().contains(placeholder)) {
                    return problem(
                            column.name(),
                            "column '" + column.name() + "': " + endpointName
                                    + " has no placeholder ':" + placeholder + "'"
                                    + (endpoint.placeholders().isEmpty()
                                            ? ""
                                            : "; its placeholders are " + endpoint.placeholders()));
                }
                placeholders.add(placeholder);
            }
        }
        if (idColumn < 0) {
            return problem("id", "the header has no 'id' column; every row needs a unique id");
        }
        for (String placeholder : endpoint.placeholders()) {
            if (!placeholders.contains(placeholder)) {
                return problem(
                        "path_params." + placeholder,
                        "the header has no column 'path_params." + placeholder + "', which " + endpointName + " needs");
            }
        }
        return new Parsed(new CsvLayout(columns, idColumn, endpointName), null);
    }

    /** The column a header name describes, if it describes one. */
    private static Optional<Column> column(String name) {
        if (name.equals(ERROR_COLUMN)) {
            return Optional.of(new Column(name, null, Type.STRING));
        }
        String base = name;
        Type type = Type.STRING;
        int colon = name.lastIndexOf(':');
        if (colon >= 0) {
            Optional<Type> named = Type.named(name.substring(colon + 1));
            if (named.isEmpty()) {
                return Optional.empty();
            }
            type = named.get();
            base = name.substring(0, colon);
        }
        List<String> path = List.of(base.split("\\.", -1));
        if (path.stream().anyMatch(String::isEmpty)) {
            return Optional.empty();
        }
        boolean valid = switch (path.get(0)) {
            case "id", "context" -> path.size() == 1 && type == Type.STRING;
            case "path_params" -> path.size() == 2 && type == Type.STRING;
            case "params" -> path.size() > 1 || type == Type.JSON;
            default -> false;
        };
        return valid ? Optional.of(new Column(name, path, type)) : Optional.empty();
    }

    private static String describeBadName(String name) {
        int colon = name.lastIndexOf(':');
        if (colon >= 0 && Type.named(name.substring(colon + 1)).isEmpty()) {
            return "column '" + name + "': unknown type '" + name.substring(colon + 1)
                    + "'; expected string, number, boolean or json";
        }
        String base = colon >= 0 ? name.substring(0, colon) : name;
        if (base.equals("id") || base.equals("context") || base.startsWith("path_params.")) {
            return "column '" + name + "': " + base + " is a string; it takes no type and no sub-field";
        }
        return "column '" + name + "': expected id, context, path_params.<placeholder> or params.<name>[.<name>...],"
                + " optionally typed :number, :boolean or :json (params:json for the whole object), or _error (ignored)";
    }

    /** Two columns for one place, or one inside the other ({@code params.a} and {@code params.a.b}). */
    private static Optional<RowProblem> conflicts(List<Column> columns) {
        for (int i = 0; i < columns.size(); i++) {
            for (int j = 0; j < i; j++) {
                Column a = columns.get(j);
                Column b = columns.get(i);
                if (a.ignored() || b.ignored()) {
                    continue;
                }
                List<String> shorter = a.path().size() <= b.path().size() ? a.path() : b.path();
                List<String> longer = shorter == a.path() ? b.path() : a.path();
                if (longer.subList(0, shorter.size()).equals(shorter)) {
                    return Optional.of(new RowProblem(
                            "invalid_header",
                            b.name(),
                            shorter.size() == longer.size()
                                    ? "column '" + b.name() + "' repeats column '" + a.name() + "'"
                                    : "column '" + b.name() + "' and column '" + a.name() + "' both set "
                                            + String.join(".", shorter)));
                }
            }
        }
        return Optional.empty();
    }

    private static Parsed problem(String column, String message) {
        return new Parsed(null, new RowProblem("invalid_header", column, message));
    }

    /** The number of columns a record must have. */
    public int width() {
        return columns.size();
    }

    /** The row's id as the id column gives it (null when empty): known even when another column is wrong. */
    String id(String[] values) {
        return idColumn < values.length ? values[idColumn] : null;
    }

    /** The row envelope of a record's values (as many as {@link #width()}), or the first column that is wrong. */
    RowDecoder.Decoded toRow(String[] values) {
        String id = id(values);
        ObjectNode row = MAPPER.createObjectNode();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            String value = values[i];
            if (column.ignored()) {
                continue;
            }
            if (value == null) {
                if (column.isPathParam()) {
                    return RowDecoder.Decoded.problem(
                            id,
                            new RowProblem(
                                    "invalid_path_params",
                                    column.name(),
                                    "column '" + column.name() + "' is empty; " + endpointName
                                            + " needs it on every row"));
                }
                continue;
            }
            Converted converted = convert(column.type(), value);
            if (converted.node() == null) {
                return RowDecoder.Decoded.problem(
                        id,
                        new RowProblem(
                                "invalid_value",
                                column.name(),
                                "column '" + column.name() + "': expected " + expected(column.type()) + ", received "
                                        + quote(value) + converted.why()));
            }
            ObjectNode parent = row;
            for (String part : column.path().subList(0, column.path().size() - 1)) {
                parent = parent.has(part) ? (ObjectNode) parent.get(part) : parent.putObject(part);
            }
            parent.set(column.path().get(column.path().size() - 1), converted.node());
        }
        return RowDecoder.Decoded.ok(row, id);
    }

    /** A column's value as JSON, or null and why not (empty, or ": " and the reason). */
    private record Converted(JsonNode node, String why) {}

    private static Converted convert(Type type, String value) {
        switch (type) {
            case STRING:
                return new Converted(TextNode.valueOf(value), "");
            case BOOLEAN:
                return new Converted(
                        value.equalsIgnoreCase("true")
                                ? BooleanNode.TRUE
                                : value.equalsIgnoreCase("false") ? BooleanNode.FALSE : null,
                        "");
            case NUMBER:
                if (!JSON_NUMBER.matcher(value).matches()) {
                    return new Converted(null, "");
                }
                return json(value);
            default:
                return json(value);
        }
    }

    private static Converted json(String value) {
        JsonNode node;
        try {
            node = MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            return new Converted(null, ": " + JsonReadErrors.describe(e));
        } catch (NumberFormatException | ArithmeticException e) {
            return new Converted(null, ": a number's exponent is out of range (at most 9 digits)");
        }
        if (node == null || node.isMissingNode()) {
            return new Converted(null, "");
        }
        Optional<String> surrogate = JsonReadErrors.loneSurrogate(node, "");
        return surrogate.isPresent()
                ? new Converted(
                        null,
                        ": the string" + (surrogate.get().isEmpty() ? "" : " at " + surrogate.get())
                                + " holds a lone UTF-16 surrogate (an unpaired \\uD800-\\uDFFF escape)")
                : new Converted(node, "");
    }

    private static String expected(Type type) {
        return switch (type) {
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case JSON -> "a JSON value";
            case STRING -> "a string";
        };
    }

    private static String quote(String value) {
        return "'" + (value.length() > 100 ? value.substring(0, 97) + "..." : value) + "'";
    }
}
