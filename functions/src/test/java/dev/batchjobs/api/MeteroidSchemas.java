package dev.batchjobs.api;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The response schemas of Meteroid's OpenAPI documents (test resources, verbatim), as JSON Schema 2020-12
 * validators: OpenAPI 3.1 schemas are JSON Schema, so each is checked as the document declares it, formats included
 * ({@code uuid}, {@code date-time}; the document's own {@code MeteroidId} is a name no validator knows, and passes).
 */
public final class MeteroidSchemas {
    private static final YAMLMapper YAML = new YAMLMapper();

    private MeteroidSchemas() {}

    public static final Schema LIST_RESPONSE = schema("/meteroid/list-batch-jobs.openapi.yaml", "BatchJobListResponse");
    public static final Schema LIST_ERROR = schema("/meteroid/list-batch-jobs.openapi.yaml", "RestErrorResponse");
    public static final Schema FAILURES_RESPONSE =
            schema("/meteroid/list-batch-job-failures.openapi.yaml", "BatchJobFailuresResponse");
    public static final Schema FAILURES_ERROR =
            schema("/meteroid/list-batch-job-failures.openapi.yaml", "RestErrorResponse");

    private static Schema schema(String resource, String component) {
        try (InputStream in = MeteroidSchemas.class.getResourceAsStream(resource)) {
            JsonNode document = YAML.readTree(in);
            ObjectNode root = YAML.createObjectNode();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.put("$ref", "#/components/schemas/" + component);
            root.set("components", document.get("components"));
            // Formats are asserted, not only annotated: a created_by that is no UUID, or a timestamp that is no
            // date-time, is a violation.
            return SchemaRegistry.withDefaultDialect(
                            SpecificationVersion.DRAFT_2020_12,
                            registry -> registry.schemaRegistryConfig(SchemaRegistryConfig.builder()
                                    .formatAssertionsEnabled(true)
                                    .build()))
                    .getSchema(root.toString(), InputFormat.JSON);
        } catch (IOException e) {
            throw new IllegalStateException(resource, e);
        }
    }

    /** The schema violations of a response body; empty when it conforms. */
    public static List<String> violations(Schema schema, String json) {
        return schema.validate(json, InputFormat.JSON).stream()
                .map(Object::toString)
                .toList();
    }
}
