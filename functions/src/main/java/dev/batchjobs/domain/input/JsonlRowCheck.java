package dev.batchjobs.domain.input;

import dev.batchjobs.domain.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The common case of JSONL validation, fast: one pass over a row's bytes that recognises a row which certainly passes
 * {@link JsonlRowDecoder} and {@link RowRules}, without a parser object, a tree or a regex. It answers only "passes,
 * with this id" or "not sure". It reads a strict subset of JSON: anything outside it (a syntax error, a broken rule, a
 * key given twice, an escape in a key or in the id, a {@code \}{@code uD...} escape that could be a lone surrogate,
 * deep nesting, a long number or key, an object of many keys, a row starting with a non-ASCII byte) is left to the
 * full decoder, which then decides and words the error. So it makes validation faster but never more lenient or
 * differently worded: every rule it accepts a row under is checked there too, and {@code JsonlRowCheckTest} holds the
 * two together. The JSON itself is read by {@link JsonSubset}. Not thread-safe: one per pass.
 */
final class JsonlRowCheck {
    private static final int MAX_ID_LENGTH = 255;

    /** The envelope's fields, in the order {@link #envelope()} numbers them. */
    private static final byte[][] FIELDS = {
        JsonSubset.ascii("id"),
        JsonSubset.ascii("path_params"),
        JsonSubset.ascii("params"),
        JsonSubset.ascii("context"),
        JsonSubset.ascii("error")
    };

    private final byte[][] placeholders;
    private final JsonSubset json = new JsonSubset();

    JsonlRowCheck(Endpoint endpoint) {
        List<String> names = endpoint.placeholders();
        this.placeholders = new byte[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            placeholders[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The id of a row that certainly decodes and meets the rules, or null when the full decoder must decide. */
    String passingId(InputRecord record) {
        if (record.tooLong() || placeholders.length > Long.SIZE) {
            return null;
        }
        json.reset(record.bytes());
        String id = envelope();
        return id != null && (!json.nonAscii() || Utf8.isValid(record.bytes())) ? id : null;
    }

    /** One object of the envelope's fields, each once and as {@link RowRules} wants it, then nothing: its id, or null. */
    private String envelope() {
        json.skipSpace();
        if (!json.take('{')) {
            return null;
        }
        String id = null;
        boolean pathParams = false;
        int seen = 0;
        json.skipSpace();
        if (json.take('}')) {
            return null; // no id
        }
        while (true) {
            int start = json.at() + 1;
            if (!json.string(false)) {
                return null;
            }
            int length = json.at() - 1 - start;
            int field = json.indexOf(FIELDS, start, length);
            if (field < 0 || (seen & (1 << field)) != 0) {
                return null;
            }
            seen |= 1 << field;
            json.skipSpace();
            if (!json.take(':')) {
                return null;
            }
            json.skipSpace();
            boolean ok;
            switch (field) {
                case 0 -> {
                    id = id();
                    ok = id != null;
                }
                case 1 -> {
                    pathParams = json.peek('{');
                    ok = pathParams ? pathParams() : json.nullLiteral();
                }
                case 2 -> ok = json.peek('{') ? json.value(1) : json.nullLiteral();
                case 3 -> ok = json.peek('"') ? json.string(true) : json.nullLiteral();
                default -> ok = json.value(1);
            }
            if (!ok) {
                return null;
            }
            json.skipSpace();
            if (json.take('}')) {
                break;
            }
            if (!json.take(',')) {
                return null;
            }
            json.skipSpace();
        }
        json.skipSpace();
        return json.atEnd() && (pathParams || placeholders.length == 0) ? id : null;
    }

    /** The id: a string of 1 to 255 of {@code A-Z a-z 0-9 _ -}, written without escapes. */
    private String id() {
        int start = json.at() + 1;
        if (!json.string(false)) {
            return null;
        }
        int length = json.at() - 1 - start;
        if (length < 1 || length > MAX_ID_LENGTH) {
            return null;
        }
        for (int i = start; i < start + length; i++) {
            byte c = json.byteAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return null;
            }
        }
        return json.ascii(start, length);
    }

    /** The path parameters' object: exactly the placeholders as keys, each a non-empty string. */
    private boolean pathParams() {
        json.take('{');
        json.skipSpace();
        long seen = 0;
        if (!json.take('}')) {
            while (true) {
                int start = json.at() + 1;
                if (!json.string(false)) {
                    return false;
                }
                int index = json.indexOf(placeholders, start, json.at() - 1 - start);
                if (index < 0 || (seen & (1L << index)) != 0) {
                    return false;
                }
                seen |= 1L << index;
                json.skipSpace();
                if (!json.take(':')) {
                    return false;
                }
                json.skipSpace();
                int value = json.at() + 1;
                if (!json.string(true) || json.at() - 1 == value) {
                    return false;
                }
                json.skipSpace();
                if (json.take('}')) {
                    break;
                }
                if (!json.take(',')) {
                    return false;
                }
                json.skipSpace();
            }
        }
        return Long.bitCount(seen) == placeholders.length;
    }
}
