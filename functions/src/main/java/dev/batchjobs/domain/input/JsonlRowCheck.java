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
 * two together. The JSON itself is read by {@link JsonSubset}. It reads a row given as a record, or a line in place
 * in the reader's buffer ({@link #lineEnd}), so that the common row is neither copied nor turned into strings. Not
 * thread-safe: one per pass.
 */
final class JsonlRowCheck implements RecordReader.InPlace {
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
    private int idStart;
    private int idLength;

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
        byte[] bytes = record.bytes();
        json.reset(bytes);
        boolean passes = envelope() && json.atEnd() && (!json.nonAscii() || Utf8.isValid(bytes, 0, bytes.length));
        return passes ? json.ascii(idStart, idLength) : null;
    }

    /**
     * The same check of the line that starts at {@code from} in a read buffer holding bytes up to {@code to}: where its
     * {@code \n} is when the whole line is there and certainly passes (its id is then {@link #idLength()} bytes from
     * {@link #idStart()} of the buffer), or -1 when the row must be read as a record and decided by the decoder. A line
     * that the buffer cuts short is -1 too.
     */
    @Override
    public int lineEnd(byte[] buffer, int from, int to) {
        if (placeholders.length > Long.SIZE) {
            return -1;
        }
        json.reset(buffer, from, to);
        boolean passes = envelope() && json.atLineEnd() && (!json.nonAscii() || Utf8.isValid(buffer, from, json.at()));
        return passes ? json.at() : -1;
    }

    /** The buffer of the line that {@link #lineEnd} last passed. */
    byte[] lineBytes() {
        return json.bytes();
    }

    /** Where the id of the line that {@link #lineEnd} last passed starts in its buffer. */
    int idStart() {
        return idStart;
    }

    int idLength() {
        return idLength;
    }

    /** The id of the line that {@link #lineEnd} last passed. */
    String id() {
        return json.ascii(idStart, idLength);
    }

    /**
     * One object of the envelope's fields, each once and as {@link RowRules} wants it, then white space: whether it is
     * one (its id is then at {@link #idStart}); the caller checks what follows.
     */
    private boolean envelope() {
        json.skipSpace();
        if (!json.take('{')) {
            return false;
        }
        boolean id = false;
        boolean pathParams = false;
        int seen = 0;
        json.skipSpace();
        if (json.take('}')) {
            return false; // no id
        }
        while (true) {
            int start = json.at() + 1;
            if (!json.string(false)) {
                return false;
            }
            int length = json.at() - 1 - start;
            int field = json.indexOf(FIELDS, start, length);
            if (field < 0 || (seen & (1 << field)) != 0) {
                return false;
            }
            seen |= 1 << field;
            json.skipSpace();
            if (!json.take(':')) {
                return false;
            }
            json.skipSpace();
            boolean ok;
            switch (field) {
                case 0 -> {
                    id = readId();
                    ok = id;
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
        json.skipSpace();
        return id && (pathParams || placeholders.length == 0);
    }

    /** The id: a string of 1 to 255 of {@code A-Z a-z 0-9 _ -}, written without escapes; kept as where it is. */
    private boolean readId() {
        int start = json.at() + 1;
        if (!json.string(false)) {
            return false;
        }
        int length = json.at() - 1 - start;
        if (length < 1 || length > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = start; i < start + length; i++) {
            byte c = json.byteAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        idStart = start;
        idLength = length;
        return true;
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
