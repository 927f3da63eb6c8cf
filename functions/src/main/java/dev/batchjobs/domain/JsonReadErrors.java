package dev.batchjobs.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What went wrong reading JSON, in words a client can act on. A syntax error has a place (line and column); a read
 * limit passed (nesting depth, number or string length) has none, and says which limit and by how much instead.
 */
public final class JsonReadErrors {
    /** Jackson's wording of a limit: "Document nesting depth (65) exceeds the maximum allowed (64, from `...`)". */
    private static final Pattern LIMIT =
            Pattern.compile("(.+?) \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)[^)]*\\)");

    private JsonReadErrors() {}

    /** The problem without its place, for example "unexpected character ..." or "nesting depth of 65 is over the maximum 64". */
    public static String describe(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            Matcher limit = LIMIT.matcher(e.getOriginalMessage());
            if (limit.lookingAt()) {
                return lowerFirst(limit.group(1).replaceFirst("^Document ", "")) + " of " + limit.group(2)
                        + " is over the maximum " + limit.group(3);
            }
        }
        return plain(e.getOriginalMessage());
    }

    /**
     * Jackson's message without the parts that speak of Jackson (its feature names, its source redaction), which a
     * client can do nothing with.
     */
    static String plain(String message) {
        String text = message;
        int marker = text.indexOf(" (start marker at ");
        if (marker >= 0) {
            text = text.substring(0, marker);
        }
        if (text.startsWith("Trailing token")) {
            return "more JSON follows the first value; only one value is allowed";
        }
        text = text.replace(
                        ": maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not"
                                + " enabled for parser)",
                        ": comments are not allowed in JSON")
                .replaceAll(": enable `[^`]*` to allow$", ": not allowed in JSON");
        return text;
    }

    /**
     * The path of the first string (or field name) in {@code node} that holds a lone UTF-16 surrogate (an unpaired
     * {@code \uD800-\uDFFF} escape), if any: such a string is not Unicode, and cannot be stored or sent on as UTF-8.
     */
    public static Optional<String> loneSurrogate(JsonNode node, String path) {
        if (node.isTextual()) {
            return hasLoneSurrogate(node.textValue()) ? Optional.of(path) : Optional.empty();
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = escapeSurrogates(field.getKey());
            String at = path.isEmpty() ? key : path + "." + key;
            if (hasLoneSurrogate(field.getKey())) {
                return Optional.of(at);
            }
            Optional<String> found = loneSurrogate(field.getValue(), at);
            if (found.isPresent()) {
                return found;
            }
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            Optional<String> found = loneSurrogate(node.get(i), path + "[" + i + "]");
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** A name as a message can show it: a surrogate (which UTF-8 cannot carry) as its {@code \\uXXXX} escape. */
    private static String escapeSurrogates(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Where the problem is, when the parser knows: a read limit passed has no place. */
    public static Optional<Place> place(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0
                ? Optional.empty()
                : Optional.of(
                        new Place(e.getLocation().getLineNr(), e.getLocation().getColumnNr()));
    }

    public record Place(int line, int column) {}

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
