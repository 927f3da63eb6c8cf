package dev.batchjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.InvalidCursorException;
import dev.batchjobs.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Stripe's list envelope and the page tokens of the listings this layer pages itself. (Jobs and events are
 * paged by their stores, whose cursors pass through unchanged.) A token that does not decode is an
 * {@link InvalidCursorException}.
 */
final class Paging {
    private static final String POSITION = "at:";

    private Paging() {}

    /** {@code {data, next_page_url, previous_page_url}}: the next URL is null on the last page, the previous always. */
    static ObjectNode list(List<? extends JsonNode> items, String nextPageUrl) {
        ObjectNode root = Json.object();
        root.putArray("data").addAll(items);
        root.put("next_page_url", nextPageUrl);
        root.putNull("previous_page_url");
        return root;
    }

    /** A value as it goes into a query string. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The token of a position (from 0) in an ordered listing. */
    static String positionToken(long offset) {
        return base64(POSITION + offset);
    }

    static long position(String token) {
        try {
            String text = unbase64(token);
            if (text.startsWith(POSITION)) {
                long offset = Long.parseLong(text.substring(POSITION.length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidCursorException();
    }

    /** The token of a page that starts after the item with this id. */
    static String afterToken(String id) {
        return base64(id);
    }

    static String after(String token) {
        try {
            return unbase64(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException();
        }
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String unbase64(String token) {
        return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    }
}
