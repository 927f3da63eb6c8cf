package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A client that PUTs again to its upload URL while the job runs (a retry, or a different file) cannot change what
 * the job runs: the job began with a server copy of its first upload, validated it and sends exactly its rows.
 */
class SecondUploadIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final LocalCloud cloud = SharedLocalCloud.get();
    private final LocalApi api = new LocalApi(cloud);

    private static String rows(String prefix, int count) {
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            file.append("{\"id\": \"")
                    .append(prefix)
                    .append(i)
                    .append("\", \"path_params\": {\"id\": \"")
                    .append(String.format("cus_%04d", i))
                    .append("\"}, \"params\": {\"metadata\": {\"file\": \"")
                    .append(prefix)
                    .append("\"}}}\n");
        }
        return file.toString();
    }

    private String status(String id) throws Exception {
        return api.job(id).get("status").asText();
    }

    @Test
    void aSecondPutWhileTheJobRunsChangesNothingItRuns() throws Exception {
        String first = rows("first_", 60);
        JsonNode created = api.call(
                "POST",
                "/v2/core/batch_jobs",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 20}");
        String id = created.get("id").asText();
        String uploadUrl =
                created.at("/status_details/ready_for_upload/upload_url/url").asText();
        assertThat(LocalApi.put(uploadUrl, first)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> List.of("validating", "in_progress").contains(status(id)));

        // Another file entirely, with more rows and other ids: S3 accepts the PUT, the job ignores it.
        assertThat(LocalApi.put(uploadUrl, rows("second_", 90))).isEqualTo(200);

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() ->
                        List.of("complete", "batch_failed", "validation_failed").contains(status(id)));
        JsonNode job = api.job(id);
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("complete");
        JsonNode details = job.at("/status_details/complete");
        assertThat(details.get("success_count").asLong()
                        + details.get("failure_count").asLong())
                .isEqualTo(60);
        List<String> results = LocalApi.download(
                        details.at("/output_file/download_url/url").asText())
                .lines()
                .toList();
        Set<String> ids = results.stream().map(SecondUploadIT::rowId).collect(Collectors.toSet());
        assertThat(results).hasSize(60);
        assertThat(ids).hasSize(60).allMatch(rowId -> rowId.startsWith("first_"));
        // The job says which upload it ran: the ETag S3 answered the first PUT with (the MD5 of a single-part PUT).
        assertThat(job.at("/input_file/etag").asText()).isEqualTo(md5(first));
        assertThat(job.at("/input_file/size").asText()).isEqualTo(Long.toString(first.length()));
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String rowId(String resultLine) {
        try {
            return MAPPER.readTree(resultLine).get("id").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Not a results line: " + resultLine, e);
        }
    }
}
