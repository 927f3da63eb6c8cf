package dev.batchjobs.local.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads Stripe's bracket-notation forms ({@code a[b][0][c]=v}) back into a JSON tree of strings. */
final class FormDecoding {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FormDecoding() {}

    static ObjectNode decode(String form) {
        ObjectNode root = MAPPER.createObjectNode();
        if (form == null || form.isEmpty()) {
            return root;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            put(root, path(name), value);
        }
        return root;
    }

    private static List<String> path(String name) {
        List<String> parts = new ArrayList<>();
        int bracket = name.indexOf('[');
        parts.add(bracket < 0 ? name : name.substring(0, bracket));
        while (bracket >= 0) {
            int close = name.indexOf(']', bracket);
            if (close < 0) {
                break;
            }
            parts.add(name.substring(bracket + 1, close));
            bracket = name.indexOf('[', close);
        }
        return parts;
    }

    private static void put(JsonNode container, List<String> path, String value) {
        JsonNode node = container;
        for (int i = 0; i < path.size(); i++) {
            String key = path.get(i);
            boolean last = i == path.size() - 1;
            boolean nextIsIndex = !last && path.get(i + 1).matches("\\d+");
            if (node instanceof ObjectNode object) {
                if (last) {
                    object.put(key, value);
                } else {
                    if (!object.has(key)) {
                        object.set(key, nextIsIndex ? MAPPER.createArrayNode() : MAPPER.createObjectNode());
                    }
                    node = object.get(key);
                }
            } else if (node instanceof ArrayNode array) {
                int index = Integer.parseInt(key);
                while (array.size() <= index) {
                    array.add(
                            last
                                    ? MAPPER.nullNode()
                                    : nextIsIndex ? MAPPER.createArrayNode() : MAPPER.createObjectNode());
                }
                if (last) {
                    array.set(index, MAPPER.getNodeFactory().textNode(value));
                } else {
                    node = array.get(index);
                }
            }
        }
    }
}
