package dev.batchjobs.domain.target;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of one input row: a line of the results file, {@code {"id", "response", "status"}}, with the
 * target's response body, or an error object of this service's own when there was no usable response.
 */
public record RowResult(long rowIndex, String rowId, int status, JsonNode response) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }

    /** The target's body as JSON; a body that is not JSON is kept as a string under {@code raw}. */
    public static RowResult fromResponse(long rowIndex, String rowId, TargetResponse response) {
        JsonNode body;
        try {
            body = response.body().isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            body = MAPPER.createObjectNode().put("raw", response.body());
        }
        return new RowResult(rowIndex, rowId, response.status(), body);
    }

    /** A result this service wrote itself (no response, or a row it refused to send). */
    public static RowResult error(long rowIndex, String rowId, int status, String type, String code, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("type", type);
        error.put("code", code);
        error.put("message", message);
        return new RowResult(rowIndex, rowId, status, root);
    }

    /**
     * Why the row failed, in words: the HTTP status and the error message of the response (Stripe's
     * {@code error.message}, or this service's own), so a failure list reads without the results file.
     */
    public String failureReason() {
        String message =
                response == null ? "" : response.path("error").path("message").asText("");
        return message.isBlank() ? "HTTP " + status : "HTTP " + status + ": " + message;
    }

    /** The results-file line, without its newline. */
    public String toJsonLine() {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("id", rowId);
        line.set("response", response);
        line.put("status", status);
        return line.toString();
    }
}
