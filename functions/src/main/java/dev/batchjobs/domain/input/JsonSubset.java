package dev.batchjobs.domain.input;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over one row's bytes that reads a strict subset of JSON, for {@link JsonlRowCheck}: every value it reads
 * Jackson reads the same, as the decoder configures it (keys each once, no comments, no leading zeros, no trailing
 * commas, no control characters in strings). It gives up (false) on anything else, and on what it does not try to
 * judge: an escape in a key, a {@code \}{@code uD...} escape (a surrogate, maybe unpaired), nesting past 64, a number
 * past 100 characters or with an exponent of more than 6 digits, a key past 1,000 bytes, an object of more than 32
 * keys. Those bounds sit far inside Jackson's read limits (nesting 500 or more, numbers of 1,000 characters, keys of
 * 50,000), so nothing it reads is refused by a limit. Non-ASCII bytes are only noted ({@link #nonAscii()}): the caller
 * checks the row's UTF-8.
 */
final class JsonSubset {
    private static final int MAX_DEPTH = 64;
    private static final int MAX_NAME_BYTES = 1000;
    private static final int MAX_NUMBER_LENGTH = 100;
    private static final int MAX_EXPONENT_DIGITS = 6;
    private static final int MAX_KEYS = 32;

    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");

    /** The keys met so far in the object open at each depth: start and length pairs, compared for repeats. */
    private final int[][] keys = new int[MAX_DEPTH + 1][2 * MAX_KEYS];

    private byte[] row = new byte[0];
    private int at;
    private int end;
    private boolean nonAscii;

    /** Starts reading {@code bytes} from their first, to their end. */
    void reset(byte[] bytes) {
        reset(bytes, 0, bytes.length);
    }

    /** Starts reading {@code bytes[from, to)} from {@code from}: a row, or a read buffer whose next line starts there. */
    void reset(byte[] bytes, int from, int to) {
        row = bytes;
        at = from;
        end = to;
        nonAscii = false;
    }

    /** Where the cursor is: the next byte to read. */
    int at() {
        return at;
    }

    boolean atEnd() {
        return at == end;
    }

    /** Whether the cursor is on a {@code \n}: the end of a line read in place in a buffer. */
    boolean atLineEnd() {
        return at < end && row[at] == '\n';
    }

    byte byteAt(int index) {
        return row[index];
    }

    /** The bytes being read (a row, or a read buffer). */
    byte[] bytes() {
        return row;
    }

    /** Bytes of the row as text, when they are known to be ASCII. */
    String ascii(int start, int length) {
        return new String(row, start, length, StandardCharsets.US_ASCII);
    }

    /** Whether a string read so far held a byte past ASCII. */
    boolean nonAscii() {
        return nonAscii;
    }

    /** The literal {@code null}, followed by a delimiter. */
    boolean nullLiteral() {
        return literal(NULL);
    }

    /** Which of {@code words} the bytes {@code [start, start + length)} are, or -1. */
    int indexOf(byte[][] words, int start, int length) {
        for (int i = 0; i < words.length; i++) {
            if (is(start, length, words[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Any JSON value at {@code depth} (the envelope is depth 0). */
    boolean value(int depth) {
        if (at >= end || depth > MAX_DEPTH) {
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
    boolean string(boolean escapes) {
        if (!take('"')) {
            return false;
        }
        byte[] bytes = row;
        int i = at;
        int end = this.end;
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
        while (at < end && row[at] >= '0' && row[at] <= '9') {
            at++;
        }
        return at - start;
    }

    private boolean literal(byte[] word) {
        if (!is(at, Math.min(word.length, end - at), word)) {
            return false;
        }
        at += word.length;
        return delimited();
    }

    /** What may follow a number or a literal: the end, white space, a comma or a closing bracket. */
    private boolean delimited() {
        if (at == end) {
            return true;
        }
        byte c = row[at];
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == '}' || c == ']';
    }

    /** Skips white space but for {@code \n}: within a line there is none, and a line read in place ends there. */
    void skipSpace() {
        while (at < end) {
            byte c = row[at];
            if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            at++;
        }
    }

    boolean peek(char c) {
        return at < end && row[at] == c;
    }

    boolean take(char c) {
        if (peek(c)) {
            at++;
            return true;
        }
        return false;
    }

    private boolean is(int start, int length, byte[] word) {
        return length == word.length && Arrays.equals(row, start, start + length, word, 0, length);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
