package dev.batchjobs.domain.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.batchjobs.domain.JsonReadErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A JSONL record is one JSON object. Stricter than a plain parse: a second value on the line or a key given twice
 * is an error, not silently dropped or overwritten, and so is a lone UTF-16 surrogate escape, which no target can
 * be sent. Numbers are kept exactly as written (no rounding to a double, no overflow to infinity).
 */
final class JsonlRowDecoder implements RowDecoder {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    @Override
    public Decoded decode(InputRecord record) {
        if (record.tooLong()) {
            return Decoded.problem(
                    null,
                    new RowProblem(
                            "line_too_long",
                            null,
                            "the row is longer than 1 MiB (" + RecordReader.MAX_RECORD_BYTES + " bytes)"));
        }
        if (!Utf8.isValid(record.bytes())) {
            return Decoded.problem(null, new RowProblem("invalid_utf8", null, "the row is not valid UTF-8"));
        }
        JsonNode row;
        try {
            // From text, not bytes: the bytes are UTF-8 (checked above), and Jackson's guess of a byte source's
            // encoding takes some UTF-8 (a NUL first, say "\0\0\t\0") for UCS-4 and throws outside its own errors.
            row = MAPPER.readTree(new String(record.bytes(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            String where = JsonReadErrors.place(e)
                    .map(place -> " at column " + place.column())
                    .orElse("");
            // A file whose lines end with a lone \r is one line to us: say so, rather than only "more JSON follows".
            String hint = JsonReadErrors.describe(e).startsWith("more JSON") && contains(record.bytes(), '\r')
                    ? "; each row must be on its own line, ended by \\n or \\r\\n (a lone \\r ends no line)"
                    : "";
            return Decoded.problem(
                    null,
                    new RowProblem(
                            "invalid_json", null, "invalid JSON" + where + ": " + JsonReadErrors.describe(e) + hint));
        } catch (NumberFormatException | ArithmeticException e) {
            // An exact decimal whose exponent a BigDecimal cannot hold (1e9999999999): Jackson throws this, not a
            // parse error.
            return Decoded.problem(
                    null,
                    new RowProblem(
                            "invalid_json",
                            null,
                            "invalid JSON: a number's exponent is out of range (at most 9 digits)"));
        } catch (IOException e) {
            // Reading a String does no I/O: whatever this is, it is something about the row, never an internal error.
            return Decoded.problem(null, new RowProblem("invalid_json", null, "invalid JSON: " + e.getMessage()));
        }
        if (row == null || !row.isObject()) {
            return Decoded.problem(null, new RowProblem("not_an_object", null, "each line must be one JSON object"));
        }
        String id = row.path("id").isTextual() ? row.get("id").textValue() : null;
        Optional<String> surrogate = JsonReadErrors.loneSurrogate(row, "");
        if (surrogate.isPresent()) {
            return Decoded.problem(
                    id,
                    new RowProblem(
                            "invalid_json",
                            surrogate.get(),
                            "the string at " + surrogate.get()
                                    + " holds a lone UTF-16 surrogate (an unpaired \\uD800-\\uDFFF escape); use valid"
                                    + " Unicode"));
        }
        return Decoded.ok(row, id);
    }

    private static boolean contains(byte[] bytes, char c) {
        for (byte b : bytes) {
            if (b == c) {
                return true;
            }
        }
        return false;
    }
}
