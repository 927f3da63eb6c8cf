package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * With {@code skip_validation}, a file that gives one id to several rows: the target receives each id's
 * idempotency key once (for the first row that may be sent), and the results say of every later row that it was
 * not sent, and which line has the id.
 */
class DuplicateIdsIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final LocalCloud cloud = SharedLocalCloud.get();
    private final LocalApi api = new LocalApi(cloud);

    @Test
    void eachIdReachesTheTargetOnceAndEveryLaterRowOfItIsAFailedRowSayingWhy() throws Exception {
        String file = row("d1", "cus_0001") + row("d2", "cus_0002") + row("d1", "cus_0003") + "\n"
                + "{\"id\": \"d3\"}\n" // breaks the rules (no path_params): refused, so it claims nothing
                + row("d3", "cus_0004") + row("d2", "cus_0005") + row("d3", "cus_0006");
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, "
                        + "\"skip_validation\": true, \"maximum_rps\": 50}",
                file);

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> api.job(id).get("status").asText().equals("complete"));

        List<String> keys = cloud.sandbox().idempotencyKeys().stream()
                .filter(k -> k.startsWith(id + ":"))
                .toList();
        assertThat(keys).containsExactlyInAnyOrder(id + ":d1", id + ":d2", id + ":d3");
        JsonNode details = api.job(id).at("/status_details/complete");
        assertThat(details.get("success_count").asText()).isEqualTo("3");
        assertThat(details.get("failure_count").asText()).isEqualTo("4");
        Map<String, List<JsonNode>> byLine = LocalApi.download(
                        details.at("/output_file/download_url/url").asText())
                .lines()
                .map(DuplicateIdsIT::parse)
                .collect(Collectors.groupingBy(l -> l.at("/response/error/code").asText("sent")));
        assertThat(byLine.get("sent")).hasSize(3);
        assertThat(byLine.get("invalid_row")).hasSize(1);
        assertThat(byLine.get("duplicate_id"))
                .extracting(l -> l.at("/response/error/message").asText())
                .containsExactlyInAnyOrder(
                        "Row 3 (line 3) was not sent: the id 'd1' is already used on line 1, whose request went with"
                                + " the same idempotency key; ids must be unique within the file",
                        "Row 6 (line 7) was not sent: the id 'd2' is already used on line 2, whose request went with"
                                + " the same idempotency key; ids must be unique within the file",
                        "Row 7 (line 8) was not sent: the id 'd3' is already used on line 6, whose request went with"
                                + " the same idempotency key; ids must be unique within the file");
        assertThat(byLine.get("duplicate_id"))
                .allSatisfy(l -> assertThat(l.get("status").asInt()).isEqualTo(400));
        JsonNode failures = api.call("GET", "/v2/core/batch_jobs/" + id + "/failures", null);
        assertThat(failures.get("data").findValuesAsText("reason"))
                .filteredOn(r -> r.contains("was not sent"))
                .hasSize(3);
    }

    private static String row(String id, String customer) {
        return "{\"id\": \"" + id + "\", \"path_params\": {\"id\": \"" + customer + "\"}, \"params\": {\"name\": \""
                + customer + "\"}}\n";
    }

    private static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException("Not a JSON results line: " + line, e);
        }
    }
}
