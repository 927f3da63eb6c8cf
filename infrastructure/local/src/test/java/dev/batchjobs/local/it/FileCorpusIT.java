package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sample of the bad-file corpus (the unit test {@code FileCorpusTest} runs all of it through the readers and the
 * validator) uploaded through the local cloud: each job ends in the status the corpus table names, and the API shows
 * the table's exact error.
 */
class FileCorpusIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Set<String> TERMINAL = Set.of("complete", "validation_failed", "batch_failed", "timeout");
    private final LocalCloud cloud = SharedLocalCloud.get();
    private final LocalApi api = new LocalApi(cloud);

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "jsonl-invalid-utf8-byte.jsonl",
                "jsonl-deep-nesting.jsonl",
                "jsonl-huge-integer.jsonl",
                "jsonl-lone-high-surrogate-escape.jsonl",
                "jsonl-duplicate-id-after-blank-lines.jsonl",
                "jsonl-bad-row-after-many.jsonl",
                "jsonl-cr-only.jsonl",
                "jsonl-crlf.jsonl",
                "csv-blank-first-line.csv",
                "csv-header-wrong-placeholder.csv",
                "csv-unterminated-quote.csv",
                "csv-json-column-duplicate-key.csv",
                "csv-bom-header.csv"
            })
    void aSampleOfTheCorpusEndsAsTheTableSaysOnTheLocalCloud(String file) throws Exception {
        String[] expected = table().get(file);
        byte[] bytes = Files.readAllBytes(corpus().resolve("files").resolve(file));
        String format = file.endsWith(".csv") ? ", \"input_format\": \"csv\"" : "";
        JsonNode job = api.call(
                "POST",
                "/v2/core/batch_jobs",
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 100"
                        + format + "}");
        String id = job.get("id").asText();
        int put = HTTP.send(
                        HttpRequest.newBuilder(URI.create(job.at("/status_details/ready_for_upload/upload_url/url")
                                        .asText()))
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
        assertThat(put).isEqualTo(200);

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> TERMINAL.contains(api.job(id).get("status").asText()));

        JsonNode done = api.job(id);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo(expected[3]);
        if (expected[3].equals("validation_failed")) {
            assertThat(done.at("/status_details/validation_failed/error").asText())
                    .isEqualTo(expected[7]);
        } else {
            assertThat(done.at("/status_details/complete/success_count").asLong()
                            + done.at("/status_details/complete/failure_count").asLong())
                    .as(done.toString())
                    .isEqualTo(Long.parseLong(expected[7].split(" ")[0]));
        }
    }

    private static Map<String, String[]> table() throws IOException {
        List<String> lines = Files.readAllLines(corpus().resolve("files.tsv"), StandardCharsets.UTF_8);
        return lines.stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t", -1))
                .collect(Collectors.toMap(cells -> cells[0], Function.identity()));
    }

    /** The corpus lives with the unit tests of the functions module. */
    private static Path corpus() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("functions/src/test/resources/corpus");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No corpus above " + Path.of("").toAbsolutePath());
    }
}
