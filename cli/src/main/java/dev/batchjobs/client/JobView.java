package dev.batchjobs.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What the CLI reads from a {@code v2.core.batch_job}: its status, its counts, its files, its error. */
record JobView(JsonNode json) {
    private static final Set<String> FINAL =
            Set.of("complete", "canceled", "timeout", "validation_failed", "batch_failed", "upload_timeout");

    String id() {
        return json.path("id").asText();
    }

    String status() {
        return json.path("status").asText();
    }

    boolean isFinal() {
        return FINAL.contains(status());
    }

    private JsonNode details() {
        return json.path("status_details").path(status());
    }

    long succeeded() {
        return count("success_count");
    }

    long failed() {
        return count("failure_count");
    }

    long processed() {
        return succeeded() + failed();
    }

    long validated() {
        return count("validated_count");
    }

    /** Rows in the file, once validation or planning counted them; -1 before. */
    long total() {
        JsonNode total = details().path("total_count");
        return total.isMissingNode() || total.isNull() ? -1 : Long.parseLong(total.asText());
    }

    Optional<String> error() {
        return text(details().path("error"));
    }

    Optional<String> uploadUrl() {
        return text(details().path("upload_url").path("url"));
    }

    Optional<String> outputFileUrl() {
        return text(details().path("output_file").path("download_url").path("url"));
    }

    Optional<String> errorFileUrl() {
        return text(details().path("error_file").path("download_url").path("url"));
    }

    String inputFormat() {
        return json.path("input_format").asText("jsonl");
    }

    String endpoint() {
        return json.path("endpoint").path("http_method").asText("").toUpperCase(Locale.ROOT) + " "
                + json.path("endpoint").path("path").asText("");
    }

    private long count(String field) {
        JsonNode value = details().path(field);
        return value.isMissingNode() || value.isNull() ? 0 : Long.parseLong(value.asText());
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }
}
