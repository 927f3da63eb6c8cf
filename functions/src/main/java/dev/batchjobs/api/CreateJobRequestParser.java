package dev.batchjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.CreateJobCommand;
import dev.batchjobs.domain.EndpointRef;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.InputFormat;
import dev.batchjobs.domain.InvalidMaximumRpsException;
import dev.batchjobs.domain.InvalidParameterException;
import dev.batchjobs.domain.JobLimits;
import dev.batchjobs.domain.NotificationScope;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Turns the JSON body of {@code POST /v2/core/batch_jobs} into a command, naming the field at fault. */
final class CreateJobRequestParser {
    private static final Set<String> TOP_LEVEL = Set.of(
            "endpoint",
            "metadata",
            "maximum_rps",
            "skip_validation",
            "notification_suppression",
            "input_format",
            "delimiter",
            "input_file_name",
            "processing_timeout",
            FailureThresholdParser.FIELD);
    static final int MAX_FILE_NAME = 255;
    private static final Set<String> ENDPOINT_FIELDS = Set.of("path", "http_method");
    private static final Set<String> SUPPRESSION_FIELDS = Set.of("scope");

    private CreateJobRequestParser() {}

    static CreateJobCommand parse(JsonNode body) {
        requireObject(body, "request body");
        rejectUnknown(body, TOP_LEVEL, "");

        JsonNode endpointNode = body.get("endpoint");
        if (endpointNode == null || endpointNode.isNull()) {
            throw InvalidParameterException.missing("endpoint");
        }
        requireObject(endpointNode, "endpoint");
        rejectUnknown(endpointNode, ENDPOINT_FIELDS, "endpoint.");
        String path = requireString(endpointNode, "path", "endpoint.path");
        if (path.isBlank()) {
            throw InvalidParameterException.invalid(
                    "endpoint.path", "expected a path such as /v1/customers/:id, received an empty string");
        }
        String methodText = requireString(endpointNode, "http_method", "endpoint.http_method");
        HttpMethod method = HttpMethod.fromWireName(methodText)
                .orElseThrow(() -> InvalidParameterException.invalid(
                        "endpoint.http_method", "expected one of post, delete, received '" + methodText + "'"));

        return new CreateJobCommand(
                new EndpointRef(path, method),
                maximumRps(body.get("maximum_rps")),
                metadata(body.get("metadata")),
                skipValidation(body.get("skip_validation")),
                scope(body.get("notification_suppression")),
                input(body.get("input_format"), body.get("delimiter")),
                fileName(body.get("input_file_name")),
                FailureThresholdParser.parse(body.get(FailureThresholdParser.FIELD)),
                processingTimeout(body.get("processing_timeout")));
    }

    /** Beyond Stripe: whole seconds; whether the deployment allows that long is the service's to say. */
    private static Duration processingTimeout(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw InvalidParameterException.invalid(
                    "processing_timeout", "expected whole seconds such as 172800 (48 hours), received " + node);
        }
        return Duration.ofSeconds(node.longValue());
    }

    /** Beyond Stripe: a name for the file, as the Meteroid surface shows it; a name only, never a path. */
    private static String fileName(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw InvalidParameterException.invalid("input_file_name", "expected a string, received " + kind(node));
        }
        String name = node.textValue();
        if (name.isBlank() || name.length() > MAX_FILE_NAME) {
            throw InvalidParameterException.invalid(
                    "input_file_name", "expected 1 to " + MAX_FILE_NAME + " characters, received " + name.length());
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '/' || c == '\\')) {
            throw InvalidParameterException.invalid(
                    "input_file_name", "a file name cannot hold control characters or path separators ('/', '\\')");
        }
        return name;
    }

    /** Beyond Stripe: {@code input_format} ({@code jsonl}, the default, or {@code csv}) and a CSV {@code delimiter}. */
    private static InputFormat input(JsonNode formatNode, JsonNode delimiterNode) {
        InputFormat.Kind kind = InputFormat.Kind.JSONL;
        if (formatNode != null && !formatNode.isNull()) {
            if (!formatNode.isTextual()) {
                throw InvalidParameterException.invalid(
                        "input_format", "expected one of jsonl, csv, received " + kind(formatNode));
            }
            kind = InputFormat.Kind.fromWireName(formatNode.textValue())
                    .orElseThrow(() -> InvalidParameterException.invalid(
                            "input_format", "expected one of jsonl, csv, received '" + formatNode.textValue() + "'"));
        }
        if (delimiterNode == null || delimiterNode.isNull()) {
            return kind == InputFormat.Kind.CSV ? InputFormat.csv(InputFormat.DEFAULT_DELIMITER) : InputFormat.JSONL;
        }
        if (kind != InputFormat.Kind.CSV) {
            throw InvalidParameterException.invalid(
                    "delimiter", "a delimiter applies only to \"input_format\": \"csv\"");
        }
        if (!delimiterNode.isTextual() || delimiterNode.textValue().length() != 1) {
            throw InvalidParameterException.invalid(
                    "delimiter",
                    "expected one character such as \",\", \";\", \"|\" or a tab, received "
                            + (delimiterNode.isTextual()
                                    ? "'" + delimiterNode.textValue() + "'"
                                    : kind(delimiterNode)));
        }
        char delimiter = delimiterNode.textValue().charAt(0);
        InputFormat.checkDelimiter(delimiter).ifPresent(problem -> {
            throw InvalidParameterException.invalid("delimiter", problem + ", received '" + delimiter + "'");
        });
        return InputFormat.csv(delimiter);
    }

    private static int maximumRps(JsonNode node) {
        if (node == null || node.isNull()) {
            return JobLimits.DEFAULT_RPS;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new InvalidMaximumRpsException(node.toString());
        }
        return node.intValue();
    }

    static Map<String, String> metadata(JsonNode node) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject()) {
            throw InvalidParameterException.invalid(
                    "metadata", "expected an object of string keys and string values, received " + kind(node));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw InvalidParameterException.invalid(
                        "metadata[" + entry.getKey() + "]", "expected a string, received " + kind(entry.getValue()));
            }
            metadata.put(entry.getKey(), entry.getValue().textValue());
        }
        return metadata;
    }

    private static boolean skipValidation(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw InvalidParameterException.invalid(
                    "skip_validation", "expected true or false, received " + kind(node));
        }
        return node.booleanValue();
    }

    private static NotificationScope scope(JsonNode node) {
        if (node == null || node.isNull()) {
            return NotificationScope.NONE;
        }
        requireObject(node, "notification_suppression");
        rejectUnknown(node, SUPPRESSION_FIELDS, "notification_suppression.");
        String scope = requireString(node, "scope", "notification_suppression.scope");
        return NotificationScope.fromWireName(scope)
                .orElseThrow(() -> InvalidParameterException.invalid(
                        "notification_suppression.scope", "expected one of all, none, received '" + scope + "'"));
    }

    static void requireObject(JsonNode node, String name) {
        if (!node.isObject()) {
            throw InvalidParameterException.invalid(name, "expected an object, received " + kind(node));
        }
    }

    static String requireString(JsonNode parent, String field, String param) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw InvalidParameterException.missing(param);
        }
        if (!node.isTextual()) {
            throw InvalidParameterException.invalid(param, "expected a string, received " + kind(node));
        }
        return node.textValue();
    }

    static void rejectUnknown(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw InvalidParameterException.unknown(prefix + name);
            }
        }
    }

    static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return "null";
    }
}
