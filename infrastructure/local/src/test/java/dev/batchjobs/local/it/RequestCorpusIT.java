package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad request of the corpus ({@code corpus/requests.tsv}) through the real HTTP API of one local cloud, on
 * every route of both surfaces: each gets its exact status, error code and message, and none gets a 500.
 * {@code -Dcorpus.record=true} writes what each got to {@code target/corpus-requests.tsv} instead, for review.
 */
class RequestCorpusIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String VERSION = "2026-04-22.preview";
    private static final List<String> RECORDED = new ArrayList<>();
    private static final Map<String, String> IDS = new LinkedHashMap<>();
    private static LocalCloud cloud;

    @BeforeAll
    static void aJobAndADestination() throws Exception {
        cloud = SharedLocalCloud.get();
        LocalApi api = new LocalApi(cloud);
        String create = "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}";
        IDS.put(
                "{job}",
                api.call("POST", "/v2/core/batch_jobs", create).get("id").asText());
        JsonNode destination = api.call(
                "POST",
                "/v2/core/event_destinations",
                "{\"enabled_events\": [\"*\"], \"webhook_endpoint\": {\"url\": \"http://localhost:9/hook\"}}");
        assertThat(destination.has("id")).as(destination.toString()).isTrue();
        IDS.put("{dest}", destination.get("id").asText());
    }

    static Stream<String[]> cases() {
        return table().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBadRequestGetsItsExactStatusCodeAndMessage(
            String name,
            String method,
            String path,
            String headers,
            String body,
            String status,
            String code,
            String message)
            throws Exception {
        HttpResponse<byte[]> response =
                HTTP.send(request(method, path, headers, body), HttpResponse.BodyHandlers.ofByteArray());
        String[] actual = answer(response);

        if (Boolean.getBoolean("corpus.record")) {
            RECORDED.add(String.join("\t", name, method, path, headers, body) + "\t" + String.join("\t", actual));
            return;
        }
        assertThat(response.statusCode()).as(name + ": never a 500").isLessThan(500);
        assertThat(actual).as(name).containsExactly(status, code, message);
    }

    @Test
    void theCorpusHasAtLeastOneHundredAndFiftyRequestsOnEveryRouteOfBothSurfaces() {
        List<String[]> rows = table();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(150);
        assertThat(rows.stream().map(r -> r[0])).doesNotHaveDuplicates();
        List<String> paths = rows.stream().map(r -> r[2]).toList();
        for (String route : List.of(
                "/v2/core/batch_jobs",
                "/v2/core/batch_jobs/{job}/cancel",
                "/v2/core/batch_jobs/{job}/failures",
                "/v2/core/event_destinations",
                "/v2/core/event_destinations/{dest}",
                "/v2/core/event_destinations/{dest}/enable",
                "/v2/core/event_destinations/{dest}/disable",
                "/v2/core/event_destinations/{dest}/rotate_secret",
                "/v2/core/event_destinations/{dest}/ping",
                "/v2/core/events",
                "/v2/core/events/evt_doesnotexist",
                "/api/v1/batch-jobs",
                "/api/v1/batch-jobs/{job}/failures")) {
            assertThat(paths).as(route).anyMatch(p -> p.equals(route) || p.startsWith(route + "?"));
        }
    }

    @AfterAll
    static void writeWhatWasRecorded() throws IOException {
        if (Boolean.getBoolean("corpus.record")) {
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", "corpus-requests.tsv"), RECORDED, StandardCharsets.UTF_8);
        }
    }

    private static HttpRequest request(String method, String path, String headers, String body) {
        byte[] bytes = body(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cloud.apiBaseUrl() + ids(path)))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        bytes == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(bytes));
        Map<String, String> set = new LinkedHashMap<>();
        set.put("Authorization", "Bearer " + cloud.apiKey());
        set.put("Stripe-Version", VERSION);
        if (bytes != null) {
            set.put("Content-Type", "application/json");
        }
        for (String change : headers.equals("-") ? new String[0] : headers.split(";(?=[a-z]+(:|$|;))")) {
            if (change.equals("noauth")) {
                set.remove("Authorization");
            } else if (change.equals("nover")) {
                set.remove("Stripe-Version");
            } else if (change.equals("noct")) {
                set.remove("Content-Type");
            } else if (change.startsWith("auth:")) {
                set.put("Authorization", change.substring(5));
            } else if (change.startsWith("ver:")) {
                set.put("Stripe-Version", change.substring(4));
            } else if (change.startsWith("ct:")) {
                set.put("Content-Type", change.substring(3));
            } else if (change.startsWith("hdr:")) {
                String[] header = change.substring(4).split("=", 2);
                set.put(header[0], header[1]);
            } else {
                throw new IllegalArgumentException("Unknown header change " + change);
            }
        }
        set.forEach(request::header);
        return request.build();
    }

    private static byte[] body(String body) {
        if (body.equals("-")) {
            return null;
        }
        if (body.startsWith("@hex:")) {
            return HexFormat.of().parseHex(body.substring(5));
        }
        if (body.startsWith("@deep:")) {
            int depth = Integer.parseInt(body.substring(6));
            return ("{\"metadata\": " + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
        }
        if (body.startsWith("@big:")) {
            int size = Integer.parseInt(body.substring(5));
            String shell = "{\"metadata\": {\"k\": \"\"}}";
            return ("{\"metadata\": {\"k\": \"" + "x".repeat(size - shell.length()) + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        return ids(body).getBytes(StandardCharsets.UTF_8);
    }

    private static String ids(String text) {
        String out = text;
        for (Map.Entry<String, String> id : IDS.entrySet()) {
            out = out.replace(id.getKey(), id.getValue());
        }
        return out;
    }

    /** Status, error code and message of an answer, with the fixture's ids put back as their placeholders. */
    private static String[] answer(HttpResponse<byte[]> response) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() < 300) {
            return new String[] {Integer.toString(response.statusCode()), "-", "accepted"};
        }
        String code = "-";
        String message;
        try {
            JsonNode json = MAPPER.readTree(text);
            JsonNode error = json.has("error") ? json.get("error") : json;
            code = error.path("code").asText("-");
            message = error.path("message").asText(text);
        } catch (IOException e) {
            message = text.length() > 200 ? text.substring(0, 200) : text;
        }
        for (Map.Entry<String, String> id : IDS.entrySet()) {
            message = message.replace(id.getValue(), id.getKey());
        }
        return new String[] {
            Integer.toString(response.statusCode()),
            code,
            message.replace("\t", "\\t").replace("\n", "\\n")
        };
    }

    private static List<String[]> table() {
        try (InputStream in = RequestCorpusIT.class.getClassLoader().getResourceAsStream("corpus/requests.tsv")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            List<String[]> rows = new ArrayList<>();
            for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (cells.length != 8) {
                    throw new IllegalStateException("requests.tsv: " + cells.length + " cells in " + line);
                }
                rows.add(cells);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
