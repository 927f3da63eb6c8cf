package dev.batchjobs.domain.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.batchjobs.domain.JsonReadErrors;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A JSONL record is one JSON object. Stricter than a plain parse: a second value on the line or a key given twice
 * is an error, not silently dropped or overwritten.
 */
final class JsonlRowDecoder implements RowDecoder {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
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
            row = MAPPER.readTree(record.bytes());
        } catch (JsonProcessingException e) {
            String where = JsonReadErrors.place(e)
                    .map(place -> " at column " + place.column())
                    .orElse("");
            return Decoded.problem(
                    null,
                    new RowProblem("invalid_json", null, "invalid JSON" + where + ": " + JsonReadErrors.describe(e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (row == null || !row.isObject()) {
            return Decoded.problem(null, new RowProblem("not_an_object", null, "each line must be one JSON object"));
        }
        return Decoded.ok(row, row.path("id").isTextual() ? row.get("id").textValue() : null);
    }
}
