package dev.batchjobs.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.JsonReadErrors;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The one configured JSON mapper: strict on input (duplicate keys, trailing tokens), plain on output, and the
 * one timestamp format every object on the wire uses. It sits below the API and the AWS adapters, which both
 * write the same JSON (the API's responses, the bus's events, the webhook queue's messages).
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses a body; an empty body is an empty object. Throws {@link MalformedJsonException} saying where. */
    public static JsonNode parseBody(String body) {
        if (body.isBlank()) {
            return object();
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(JsonReadErrors.describe(e)
                    + JsonReadErrors.place(e)
                            .map(place -> " at line " + place.line() + ", column " + place.column())
                            .orElse("")
                    + ".");
        }
        // A lone surrogate is not Unicode: it cannot be stored or sent on as UTF-8, so it is refused here, named.
        loneSurrogate(tree, "").ifPresent(path -> {
            throw new MalformedJsonException("the string at " + (path.isEmpty() ? "the top level" : path)
                    + " holds a lone UTF-16 surrogate (an unpaired \\uD800-\\uDFFF escape); send valid Unicode.");
        });
        return tree;
    }

    /** The path of the first string (or field name) in {@code node} holding a lone UTF-16 surrogate, if any. */
    static Optional<String> loneSurrogate(JsonNode node, String path) {
        return JsonReadErrors.loneSurrogate(node, path);
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serialises", e);
        }
    }

    /** ISO-8601 in UTC with milliseconds, as every object on the wire spells its times. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }
}
