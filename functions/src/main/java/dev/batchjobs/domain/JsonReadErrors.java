package dev.batchjobs.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
        return e.getOriginalMessage();
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
