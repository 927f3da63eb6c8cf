package dev.batchjobs.domain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The one page-token format of every list: the position after which the next page starts (a few named
 * strings, whatever the list needs), named by its list, with a check, as URL-safe base64 (no padding) of
 * {@code {"list":..., "after":{...}, "check":...}}. The check is the first 16 hex digits of the SHA-256 of the
 * list and the position, so a token edited by hand, cut short, or issued by another list is refused
 * ({@link InvalidCursorException}) rather than read as some other position. It is not a secret: a
 * position only ever selects within the caller's own data.
 */
public final class PageCursor {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final int MAX_TOKEN_LENGTH = 2048;
    private static final Pattern ANY = Pattern.compile(".+");
    private static final Pattern NON_NEGATIVE = Pattern.compile("0|[1-9][0-9]{0,17}");

    /** The lists that issue tokens: a token of one is refused by every other. */
    public static final String JOBS = "batch_jobs";

    public static final String EVENTS = "events";
    public static final String FAILURES = "batch_job_failures";
    public static final String DESTINATIONS = "event_destinations";

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

    /** A position in a list ordered by creation time (to the millisecond) and then id, as jobs and events are. */
    public record TimeAndId(Instant created, String id) {}

    private PageCursor() {}

    /** The token of the position after the object created at {@code created} with {@code id}. */
    public static String encodeAfter(String list, Instant created, String id) {
        return encode(list, Map.of("created", MILLIS.format(created), "id", id));
    }

    /** The position a token made by {@link #encodeAfter} carries; its id must have {@code idShape}. */
    public static TimeAndId decodeAfter(String list, String token, Pattern idShape) {
        Map<String, String> position = decode(list, token);
        try {
            return new TimeAndId(Instant.parse(field(position, "created", TIMESTAMP)), field(position, "id", idShape));
        } catch (DateTimeParseException e) {
            throw new InvalidCursorException();
        }
    }

    /** The token of {@code position} in {@code list}. */
    public static String encode(String list, Map<String, String> position) {
        ObjectNode root = JSON.createObjectNode();
        root.put("list", list);
        ObjectNode after = root.putObject("after");
        new TreeMap<>(position).forEach(after::put);
        root.put("check", check(list, after));
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings is always JSON", e);
        }
    }

    /** The position a token of {@code list} carries; anything else is an {@link InvalidCursorException}. */
    public static Map<String, String> decode(String list, String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidCursorException();
        }
        JsonNode root;
        try {
            root = JSON.readTree(Base64.getUrlDecoder().decode(token));
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidCursorException();
        }
        if (root == null
                || !root.isObject()
                || root.size() != 3
                || !list.equals(root.path("list").textValue())
                || !root.path("after").isObject()
                || !root.path("check").isTextual()) {
            throw new InvalidCursorException();
        }
        JsonNode after = root.get("after");
        Map<String, String> position = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = after.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw new InvalidCursorException();
            }
            position.put(field.getKey(), field.getValue().textValue());
        }
        ObjectNode canonical = JSON.createObjectNode();
        position.forEach(canonical::put);
        if (!check(list, canonical).equals(root.get("check").textValue())) {
            throw new InvalidCursorException();
        }
        return position;
    }

    /** The token of a numeric position (an offset) in {@code list}. */
    public static String encodeOffset(String list, long offset) {
        return encode(list, Map.of("at", Long.toString(offset)));
    }

    /** The numeric position (never negative) a token of {@code list} made by {@link #encodeOffset} carries. */
    public static long decodeOffset(String list, String token) {
        return Long.parseLong(field(decode(list, token), "at", NON_NEGATIVE));
    }

    /** The token of the position after the object with this id in {@code list}. */
    public static String encodeId(String list, String id) {
        return encode(list, Map.of("id", id));
    }

    /** The id a token of {@code list} made by {@link #encodeId} carries. */
    public static String decodeId(String list, String token) {
        return field(decode(list, token), "id", ANY);
    }

    /** A field of a decoded position, which must have the given shape. */
    public static String field(Map<String, String> position, String name, Pattern shape) {
        String value = position.get(name);
        if (value == null || !shape.matcher(value).matches()) {
            throw new InvalidCursorException();
        }
        return value;
    }

    private static String check(String list, JsonNode after) {
        return Hashing.sha256Hex(list + "\n" + after.toString()).substring(0, 16);
    }
}
