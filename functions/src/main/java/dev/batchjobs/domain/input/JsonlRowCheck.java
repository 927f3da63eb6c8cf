package dev.batchjobs.domain.input;

import dev.batchjobs.domain.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The common case of JSONL validation, fast: one pass over a row's bytes that recognises a row which certainly passes
 * {@link JsonlRowDecoder} and {@link RowRules}, without a parser object, a tree or a regex. It answers only "passes,
 * with this id" or "not sure". It reads a strict subset of JSON: anything outside it (a syntax error, a broken rule, a
 * key given twice, an escape in a key or in the id, a {@code \}{@code uD...} escape that could be a lone surrogate,
 * deep nesting, a long number or key, an object of many keys, a row starting with a non-ASCII byte) is left to the
 * full decoder, which then decides and words the error. So it makes validation faster but never more lenient or
 * differently worded: every rule it accepts a row under is checked there too, and {@code JsonlRowCheckTest} holds the
 * two together.
 *
 * <p>Its bounds sit far inside Jackson's read limits (nesting 64 against 500 or more, numbers of 100 characters
 * against 1,000, keys of 1,000 bytes against 50,000), so a row it passes is never one a limit refuses. Not thread-safe:
 * one per pass.
 */
final class JsonlRowCheck {
    private static final int MAX_ID_LENGTH = 255;
    private static final int MAX_DEPTH = 64;
    private static final int MAX_NAME_BYTES = 1000;
    private static final int MAX_NUMBER_LENGTH = 100;
    private static final int MAX_EXPONENT_DIGITS = 6;
    private static final int MAX_KEYS = 32;

    private static final byte[] ID = ascii("id");
    private static final byte[] PATH_PARAMS = ascii("path_params");
    private static final byte[] PARAMS = ascii("params");
    private static final byte[] CONTEXT = ascii("context");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");

    private final byte[][] placeholders;
    /** The keys met so far in the object open at each depth: start and length pairs, compared for repeats. */
    private final int[][] keys = new int[MAX_DEPTH + 1][2 * MAX_KEYS];

    private byte[] row;
    private int at;
    private boolean nonAscii;

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
        row = record.bytes();
        at = 0;
        nonAscii = false;
        String id = envelope();
        return id != null && (!nonAscii || Utf8.isValid(row)) ? id : null;
    }

    /** One object of the envelope's fields, each once and as {@link RowRules} wants it, then nothing: its id, or null. */
    private String envelope() {
        skipSpace();
        if (!take('{')) {
            return null;
        }
        String id = null;
        boolean pathParams = false;
        int seen = 0;
        skipSpace();
        if (take('}')) {
            return null; // no id
        }
        while (true) {
            int start = at + 1;
            if (!string(false)) {
                return null;
            }
            int length = at - 1 - start;
            int field = is(start, length, ID)
                    ? 0
                    : is(start, length, PATH_PARAMS)
                            ? 1
                            : is(start, length, PARAMS)
                                    ? 2
                                    : is(start, length, CONTEXT) ? 3 : is(start, length, ERROR) ? 4 : -1;
            if (field < 0 || (seen & (1 << field)) != 0) {
                return null;
            }
            seen |= 1 << field;
            skipSpace();
            if (!take(':')) {
                return null;
            }
            skipSpace();
            boolean ok;
            switch (field) {
                case 0 -> {
                    id = id();
                    ok = id != null;
                }
                case 1 -> {
                    pathParams = peek('{');
                    ok = pathParams ? pathParams() : literal(NULL);
                }
                case 2 -> ok = peek('{') ? value(1) : literal(NULL);
                case 3 -> ok = peek('"') ? string(true) : literal(NULL);
                default -> ok = value(1);
            }
            if (!ok) {
                return null;
            }
            skipSpace();
            if (take('}')) {
                break;
            }
            if (!take(',')) {
                return null;
            }
            skipSpace();
        }
        skipSpace();
        return at == row.length && (pathParams || placeholders.length == 0) ? id : null;
    }

    /** The id: a string of 1 to 255 of {@code A-Z a-z 0-9 _ -}, written without escapes. */
    private String id() {
        int start = at + 1;
        if (!string(false)) {
            return null;
        }
        int length = at - 1 - start;
        if (length < 1 || length > MAX_ID_LENGTH) {
            return null;
        }
        for (int i = start; i < start + length; i++) {
            byte c = row[i];
            boolean ok =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return null;
            }
        }
        return new String(row, start, length, StandardCharsets.US_ASCII);
    }

    /** The path parameters' object: exactly the placeholders as keys, each a non-empty string. */
    private boolean pathParams() {
        at++;
        skipSpace();
        long seen = 0;
        if (!take('}')) {
            while (true) {
                int start = at + 1;
                if (!string(false)) {
                    return false;
                }
                int index = placeholder(start, at - 1 - start);
                if (index < 0 || (seen & (1L << index)) != 0) {
                    return false;
                }
                seen |= 1L << index;
                skipSpace();
                if (!take(':')) {
                    return false;
                }
                skipSpace();
                int value = at + 1;
                if (!string(true) || at - 1 == value) {
                    return false;
                }
                skipSpace();
                if (take('}')) {
                    break;
                }
                if (!take(',')) {
                    return false;
                }
                skipSpace();
            }
        }
        return Long.bitCount(seen) == placeholders.length;
    }

    private int placeholder(int start, int length) {
        for (int i = 0; i < placeholders.length; i++) {
            if (is(start, length, placeholders[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Any JSON value at {@code depth} (the envelope is depth 0). */
    private boolean value(int depth) {
        if (at >= row.length || depth > MAX_DEPTH) {
            return false;
        }
        return switch (row[at]) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string(true);
            case 't' -> literal(TRUE);
            case 'f' -> literal(FALSE);
            case 'n' -> literal(NULL);
            default -> number();
        };
    }

    private boolean object(int depth) {
        at++;
        skipSpace();
        if (take('}')) {
            return true;
        }
        int[] met = keys[depth];
        int count = 0;
        while (true) {
            int start = at + 1;
            if (!string(false)) {
                return false;
            }
            int length = at - 1 - start;
            if (length > MAX_NAME_BYTES || count == MAX_KEYS) {
                return false;
            }
            for (int k = 0; k < count; k++) {
                if (met[2 * k + 1] == length
                        && Arrays.equals(row, met[2 * k], met[2 * k] + length, row, start, start + length)) {
                    return false;
                }
            }
            met[2 * count] = start;
            met[2 * count + 1] = length;
            count++;
            skipSpace();
            if (!take(':')) {
                return false;
            }
            skipSpace();
            if (!value(depth + 1)) {
                return false;
            }
            skipSpace();
            if (take('}')) {
                return true;
            }
            if (!take(',')) {
                return false;
            }
            skipSpace();
        }
    }

    private boolean array(int depth) {
        at++;
        skipSpace();
        if (take(']')) {
            return true;
        }
        while (true) {
            if (!value(depth + 1)) {
                return false;
            }
            skipSpace();
            if (take(']')) {
                return true;
            }
            if (!take(',')) {
                return false;
            }
            skipSpace();
        }
    }

    /**
     * A string from its opening quote to past its closing one: no control character, and with {@code escapes} only
     * JSON's own escapes, none of them a {@code \}{@code uD...} (a surrogate, maybe unpaired); without, no escape.
     */
    private boolean string(boolean escapes) {
        if (!take('"')) {
            return false;
        }
        byte[] bytes = row;
        int i = at;
        int end = bytes.length;
        while (i < end) {
            byte c = bytes[i];
            if (c == '"') {
                at = i + 1;
                return true;
            }
            if (c == '\\') {
                if (!escapes || i + 1 >= end) {
                    return false;
                }
                switch (bytes[i + 1]) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i += 2;
                    case 'u' -> {
                        if (i + 5 >= end || bytes[i + 2] == 'd' || bytes[i + 2] == 'D') {
                            return false;
                        }
                        for (int h = i + 2; h < i + 6; h++) {
                            if (Character.digit(bytes[h], 16) < 0) {
                                return false;
                            }
                        }
                        i += 6;
                    }
                    default -> {
                        return false;
                    }
                }
            } else if (c >= 0 && c < 0x20) {
                return false;
            } else {
                nonAscii |= c < 0;
                i++;
            }
        }
        return false;
    }

    /** A JSON number, {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}, short, followed by a delimiter. */
    private boolean number() {
        int start = at;
        take('-');
        if (take('0')) {
            // a leading zero stands alone
        } else if (digits() == 0) {
            return false;
        }
        if (take('.') && digits() == 0) {
            return false;
        }
        if (take('e') || take('E')) {
            if (!take('+')) {
                take('-');
            }
            int exponent = digits();
            if (exponent == 0 || exponent > MAX_EXPONENT_DIGITS) {
                return false;
            }
        }
        return at - start <= MAX_NUMBER_LENGTH && delimited();
    }

    private int digits() {
        int start = at;
        while (at < row.length && row[at] >= '0' && row[at] <= '9') {
            at++;
        }
        return at - start;
    }

    private boolean literal(byte[] word) {
        if (!is(at, Math.min(word.length, row.length - at), word)) {
            return false;
        }
        at += word.length;
        return delimited();
    }

    /** What may follow a number or a literal: the end, white space, a comma or a closing bracket. */
    private boolean delimited() {
        if (at == row.length) {
            return true;
        }
        byte c = row[at];
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == '}' || c == ']';
    }

    private void skipSpace() {
        while (at < row.length) {
            byte c = row[at];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            at++;
        }
    }

    private boolean peek(char c) {
        return at < row.length && row[at] == c;
    }

    private boolean take(char c) {
        if (peek(c)) {
            at++;
            return true;
        }
        return false;
    }

    private boolean is(int start, int length, byte[] word) {
        return length == word.length && Arrays.equals(row, start, start + length, word, 0, length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
