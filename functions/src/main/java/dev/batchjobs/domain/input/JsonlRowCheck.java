package dev.batchjobs.domain.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.batchjobs.domain.Endpoint;
import java.io.IOException;
import java.util.List;

/**
 * The common case of JSONL validation, fast: a row that certainly passes {@link JsonlRowDecoder} and
 * {@link RowRules} is recognised on the parser's tokens as they pass, with no tree built. It answers only "passes,
 * with this id" or "not sure": anything unusual (a parse error, a broken rule, an escape that could be a lone
 * surrogate, a NUL, a row starting with a non-ASCII byte) is left to the full decoder, which then decides and words
 * the error. So it can make validation faster but never more lenient or differently worded: every rule it checks
 * here is checked there too.
 */
final class JsonlRowCheck {
    private static final int MAX_ID_LENGTH = 255;

    /** The decoder's own factory: the same parser features and read limits (nesting, number and name lengths). */
    private final JsonFactory factory = JsonlRowDecoder.factory();

    private final List<String> placeholders;

    JsonlRowCheck(Endpoint endpoint) {
        this.placeholders = endpoint.placeholders();
    }

    /** The id of a row that certainly decodes and meets the rules, or null when the full decoder must decide. */
    String passingId(InputRecord record) {
        byte[] bytes = record.bytes();
        if (record.tooLong() || !plainBytes(bytes)) {
            return null;
        }
        try (JsonParser parser = factory.createParser(bytes, 0, bytes.length)) {
            return envelopeId(parser);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Bytes the byte parser reads exactly as the decoder's text parser does, with nothing in them the tokens alone
     * cannot show: strict UTF-8, no NUL (Jackson guesses a byte source's encoding from NULs), no leading non-ASCII
     * byte (a byte order mark), and no {@code \}{@code uD} escape (a surrogate, maybe unpaired).
     */
    private static boolean plainBytes(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] < 0) {
            return false;
        }
        boolean ascii = true;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b < 0) {
                ascii = false;
            } else if (b == 0) {
                return false;
            } else if (b == '\\'
                    && i + 2 < bytes.length
                    && bytes[i + 1] == 'u'
                    && (bytes[i + 2] == 'd' || bytes[i + 2] == 'D')) {
                return false;
            }
        }
        return ascii || Utf8.isValid(bytes);
    }

    /** One object, each of its fields as {@link RowRules} wants it, nothing after it: its id, or null. */
    private String envelopeId(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String id = null;
        boolean pathParamsGiven = false;
        for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "id" -> {
                    if (value != JsonToken.VALUE_STRING || !isId(parser)) {
                        return null;
                    }
                    id = parser.getText();
                }
                case "path_params" -> {
                    if (value == JsonToken.START_OBJECT) {
                        if (!pathParams(parser)) {
                            return null;
                        }
                        pathParamsGiven = true;
                    } else if (value != JsonToken.VALUE_NULL) {
                        return null;
                    }
                }
                case "params" -> {
                    if (value == JsonToken.START_OBJECT) {
                        if (!skipped(parser)) {
                            return null;
                        }
                    } else if (value != JsonToken.VALUE_NULL) {
                        return null;
                    }
                }
                case "context" -> {
                    if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                        return null;
                    }
                }
                case "error" -> {
                    if (!value.isStructStart()
                            ? value == JsonToken.VALUE_NUMBER_FLOAT && !exactDecimal(parser)
                            : !skipped(parser)) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
            return null;
        }
        return pathParamsGiven || placeholders.isEmpty() ? id : null;
    }

    /** The id's characters: 1 to 255 of {@code A-Z a-z 0-9 _ -}. */
    private static boolean isId(JsonParser parser) throws IOException {
        char[] text = parser.getTextCharacters();
        int start = parser.getTextOffset();
        int length = parser.getTextLength();
        if (length < 1 || length > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = start; i < start + length; i++) {
            char c = text[i];
            boolean ok =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The path parameters' object, from just after its start: exactly the placeholders, each a non-empty string. */
    private boolean pathParams(JsonParser parser) throws IOException {
        if (placeholders.size() > Long.SIZE) {
            return false;
        }
        long seen = 0;
        for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            int index = placeholders.indexOf(parser.currentName());
            if (index < 0
                    || (seen & (1L << index)) != 0
                    || parser.nextToken() != JsonToken.VALUE_STRING
                    || parser.getTextLength() == 0) {
                return false;
            }
            seen |= 1L << index;
        }
        return parser.currentToken() == JsonToken.END_OBJECT && Long.bitCount(seen) == placeholders.size();
    }

    /**
     * Reads every token of the object or array just started, to its end (so the parser checks all of its syntax and
     * keys); a decimal number must be one that the decoder can hold exactly.
     */
    private static boolean skipped(JsonParser parser) throws IOException {
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return false;
            }
            if (token.isStructStart()) {
                depth++;
            } else if (token.isStructEnd()) {
                depth--;
            } else if (token == JsonToken.VALUE_NUMBER_FLOAT && !exactDecimal(parser)) {
                return false;
            }
        }
        return true;
    }

    /** The decoder keeps decimals exactly (a BigDecimal): an exponent too large for one is its error to word. */
    private static boolean exactDecimal(JsonParser parser) throws IOException {
        parser.getDecimalValue();
        return true;
    }
}
