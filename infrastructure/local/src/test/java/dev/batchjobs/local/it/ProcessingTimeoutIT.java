package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.LocalCloudOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job that outlives its processing deadline ends timeout, and its results file holds every row it counted. The
 * deadline is long enough for a loaded machine to validate, plan and start the job well within it (so rows are
 * counted), and the job far too long to finish in it: 120 rows at 1 a second need two minutes, the deadline is 20 s.
 */
class ProcessingTimeoutIT {
    private static final int ROWS = 120;
    private static final int DEADLINE_SECONDS = 20;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalCloud cloud;
    private static LocalApi api;

    @BeforeAll
    static void startACloudWithATwentySecondDeadline() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.ephemeral(LocalCloudOptions.findTemplate(Path.of("")))
                .withParameters(Map.of("ProcessingTimeoutSeconds", String.valueOf(DEADLINE_SECONDS)), Optional.empty())
                .withWaitScale(0.05));
        api = new LocalApi(cloud);
    }

    @AfterAll
    static void stop() throws Exception {
        cloud.close();
    }

    @Test
    void aJobPastItsDeadlineEndsTimeoutWithItsPartialResults() throws Exception {
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= ROWS; i++) {
            file.append("{\"id\": \"t")
                    .append(i)
                    .append("\", \"path_params\": {\"id\": \"")
                    .append(String.format("cus_%04d", i))
                    .append("\"}}\n");
        }
        String id = api.createAndUpload(
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 1}",
                file.toString());

        // Well past the deadline: the timeout itself is not late, but merging the results on a busy machine may be.
        await().atMost(Duration.ofSeconds(DEADLINE_SECONDS + 100L))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> api.job(id)
                        .at("/status_details/timeout/output_file/size")
                        .isTextual());

        JsonNode details = api.job(id).get("status_details").get("timeout");
        long counted = details.get("success_count").asLong()
                + details.get("failure_count").asLong();
        String results =
                LocalApi.download(details.at("/output_file/download_url/url").asText());
        assertThat(counted).isBetween(1L, ROWS - 1L);
        assertThat(results.lines().count()).isEqualTo(counted);
        assertThat(results.lines().map(line -> read(line).get("id").asText()).distinct())
                .as("each counted row once, and only rows of the file")
                .hasSize((int) counted)
                .isSubsetOf(
                        IntStream.rangeClosed(1, ROWS).mapToObj(i -> "t" + i).toList());
    }

    private static JsonNode read(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
