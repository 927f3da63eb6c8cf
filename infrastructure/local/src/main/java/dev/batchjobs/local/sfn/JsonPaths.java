package dev.batchjobs.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The part of Amazon States Language paths the pipeline uses: {@code $}, {@code $.a.b} into the state's input,
 * {@code $$.a.b} into the context object, and Parameters whose {@code "key.$"} fields take a path's value.
 */
final class JsonPaths {
    private JsonPaths() {}

    static JsonNode read(String path, JsonNode input, JsonNode context) {
        JsonNode root = path.startsWith("$$") ? context : input;
        String rest = path.startsWith("$$") ? path.substring(2) : path.substring(1);
        JsonNode node = root;
        for (String part : rest.split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            node = node == null ? MissingNode.getInstance() : node.path(part);
        }
        return node;
    }

    /** Parameters (or ResultSelector) with every {@code "key.$": "path"} replaced by the path's value. */
    static JsonNode parameters(JsonNode template, JsonNode input, JsonNode context) {
        if (!template.isObject()) {
            return template;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = template.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().endsWith(".$")) {
                JsonNode value = read(field.getValue().asText(), input, context);
                if (value.isMissingNode()) {
                    throw new StatesException(
                            "States.Runtime",
                            "The path " + field.getValue().asText() + " of " + field.getKey()
                                    + " matches nothing in the state's input");
                }
                out.set(field.getKey().substring(0, field.getKey().length() - 2), value);
            } else {
                out.set(field.getKey(), parameters(field.getValue(), input, context));
            }
        }
        return out;
    }

    /** The state's input with {@code result} placed at {@code resultPath} ({@code $} replaces it). */
    static JsonNode place(JsonNode input, String resultPath, JsonNode result) {
        if (resultPath == null || resultPath.equals("$")) {
            return result;
        }
        ObjectNode root = input.isObject() ? ((ObjectNode) input).deepCopy() : JsonNodeFactory.instance.objectNode();
        String[] parts = resultPath.substring(2).split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = node.get(parts[i]);
            if (!(next instanceof ObjectNode)) {
                next = node.putObject(parts[i]);
            }
            node = (ObjectNode) next;
        }
        node.set(parts[parts.length - 1], result);
        return root;
    }
}
