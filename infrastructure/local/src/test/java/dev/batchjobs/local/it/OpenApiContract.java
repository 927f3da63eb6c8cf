package dev.batchjobs.local.it;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The API's OpenAPI document (the jar's {@code openapi.yaml}, as served at {@code GET /openapi.yaml}) as a check of
 * real responses: each response the integration tests receive is matched to its operation and status (or the
 * operation's {@code default}) and its JSON body validated against the declared schema (JSON Schema 2020-12, formats
 * asserted). What was checked is recorded, so {@link OpenApiIT} can tell that every operation was seen.
 */
final class OpenApiContract {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final JsonNode DOCUMENT = load();
    private static final List<Operation> OPERATIONS = operations();
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private OpenApiContract() {}

    /** One operation of the document: method, path template, and the pattern of the paths it serves. */
    record Operation(String method, String template, Pattern pattern, int parameters) {
        String key() {
            return method + " " + template;
        }
    }

    /** Every operation of the document, as {@code METHOD /path/{param}}. */
    static Set<String> operationKeys() {
        Set<String> keys = new TreeSet<>();
        OPERATIONS.forEach(o -> keys.add(o.key()));
        return keys;
    }

    /** The operations that answered a 2xx that was checked, so far in this JVM. */
    static Set<String> seen() {
        return new TreeSet<>(SEEN);
    }

    /** What is wrong with this response by the document; empty when it conforms. */
    static List<String> violations(String method, String rawPath, int status, String contentType, String body) {
        String path = rawPath.contains("?") ? rawPath.substring(0, rawPath.indexOf('?')) : rawPath;
        if (path.startsWith("/_local/")) {
            return List.of(); // the local cloud's own webhook inbox, not part of the product
        }
        String upper = method.toUpperCase(Locale.ROOT);
        Operation operation = OPERATIONS.stream()
                .filter(o ->
                        o.method().equals(upper) && o.pattern().matcher(path).matches())
                .findFirst()
                .orElse(null);
        String where = upper + " " + path + " -> " + status;
        if (operation == null) {
            // An unknown path or a wrong method: no operation, but still the surface's error envelope.
            if (status / 100 == 2) {
                return List.of(where + ": a success for an operation the document does not have");
            }
            String envelope = path.startsWith("/api/v1/") ? "MeteroidError" : "StripeError";
            return validate("/components/schemas/" + envelope, body, where);
        }
        String pointer = "/paths/" + escape(operation.template()) + "/" + upper.toLowerCase(Locale.ROOT) + "/responses";
        JsonNode responses = DOCUMENT.at(pointer);
        String code = Integer.toString(status);
        JsonNode response = responses.has(code) ? responses.get(code) : responses.get("default");
        String responsePointer = pointer + "/" + (responses.has(code) ? code : "default");
        if (response == null) {
            return List.of(where + ": status not documented for " + operation.key());
        }
        if (response.has("$ref")) {
            responsePointer = response.get("$ref").asString().substring(1);
            response = DOCUMENT.at(responsePointer);
        }
        String media = contentType == null ? "" : contentType.split(";")[0].strip();
        if (!response.path("content").has(media)) {
            return List.of(where + ": content type '" + media + "' not documented for " + operation.key());
        }
        if (status / 100 == 2) {
            SEEN.add(operation.key());
        }
        if (!media.equals("application/json")) {
            return List.of();
        }
        return validate(responsePointer + "/content/" + escape(media) + "/schema", body, where);
    }

    private static List<String> validate(String pointer, String body, String where) {
        Schema schema = SCHEMAS.computeIfAbsent(pointer, OpenApiContract::compile);
        return schema.validate(body, InputFormat.JSON).stream()
                .map(error -> where + ": " + error)
                .toList();
    }

    private static Schema compile(String pointer) {
        ObjectNode root = YAML.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$ref", "#" + pointer);
        root.set("paths", DOCUMENT.get("paths"));
        root.set("components", DOCUMENT.get("components"));
        return SchemaRegistry.withDefaultDialect(
                        SpecificationVersion.DRAFT_2020_12,
                        registry -> registry.schemaRegistryConfig(SchemaRegistryConfig.builder()
                                .formatAssertionsEnabled(true)
                                .build()))
                .getSchema(root.toString(), InputFormat.JSON);
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    private static JsonNode load() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi.yaml")) {
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("openapi.yaml", e);
        }
    }

    private static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (var path : DOCUMENT.get("paths").properties()) {
            String template = path.getKey();
            String regex = "^" + Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "$";
            int parameters = template.split("\\{", -1).length - 1;
            for (var method : path.getValue().properties()) {
                operations.add(new Operation(
                        method.getKey().toUpperCase(Locale.ROOT), template, Pattern.compile(regex), parameters));
            }
        }
        // A literal segment wins over a parameter, as API Gateway routes.
        operations.sort(Comparator.comparingInt(Operation::parameters));
        return List.copyOf(operations);
    }
}
