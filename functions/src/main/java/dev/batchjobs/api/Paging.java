package dev.batchjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.InvalidCursorException;
import dev.batchjobs.domain.PageCursor;
import dev.batchjobs.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Stripe's list envelope and the page tokens of the listings this layer pages itself, in the one cursor format
 * every list uses ({@link PageCursor}). (Jobs and events are paged by their stores, whose cursors pass through
 * unchanged.) A token that does not decode, or comes from another list, is an {@link InvalidCursorException}.
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

    /** The token of a position (from 0) in a job's failures. */
    static String positionToken(long offset) {
        return PageCursor.encodeOffset(PageCursor.FAILURES, offset);
    }

    static long position(String token) {
        return PageCursor.decodeOffset(PageCursor.FAILURES, token);
    }

    /** The token of a page of event destinations that starts after the one with this id. */
    static String afterToken(String id) {
        return PageCursor.encodeId(PageCursor.DESTINATIONS, id);
    }

    static String after(String token) {
        return PageCursor.decodeId(PageCursor.DESTINATIONS, token);
    }
}
