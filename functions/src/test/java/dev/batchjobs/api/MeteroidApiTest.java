package dev.batchjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.chunks.Checkpoint;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.RowFailure;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.testing.ApiFixture;
import dev.batchjobs.testing.ApiFixture.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Meteroid-compatible surface over HTTP, every response checked against Meteroid's OpenAPI schemas. */
class MeteroidApiTest {
    private static final String CUSTOMERS =
            "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}";
    private static final String MIGRATION =
            "{\"endpoint\": {\"path\": \"/v1/subscriptions/:id/migrate\", \"http_method\": \"post\"}}";
    private static final String PROMO =
            "{\"endpoint\": {\"path\": \"/v1/promotion_codes\", \"http_method\": \"post\"}}";

    private final ApiFixture fixture = new ApiFixture();
    private final String key = fixture.newKey("acct_alpha");

    private String create(String body) {
        fixture.clock.advance(Duration.ofMillis(10));
        return fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .json(body)
                .send()
                .body()
                .get("id")
                .asText();
    }

    private Result list(String... query) {
        ApiFixture.Call call =
                fixture.call("GET", "/api/v1/batch-jobs").key(key).withoutHeader("stripe-version");
        for (int i = 0; i < query.length; i += 2) {
            call.query(query[i], query[i + 1].split("\\|"));
        }
        Result result = call.send();
        assertThat(MeteroidSchemas.violations(
                        result.status() == 200 ? MeteroidSchemas.LIST_RESPONSE : MeteroidSchemas.LIST_ERROR,
                        result.body().toString()))
                .as(result.body().toString())
                .isEmpty();
        return result;
    }

    private Result failures(String jobId, String... query) {
        ApiFixture.Call call =
                fixture.call("GET", "/api/v1/batch-jobs/" + jobId + "/failures").key(key);
        for (int i = 0; i < query.length; i += 2) {
            call.query(query[i], query[i + 1]);
        }
        Result result = call.send();
        assertThat(MeteroidSchemas.violations(
                        result.status() == 200 ? MeteroidSchemas.FAILURES_RESPONSE : MeteroidSchemas.FAILURES_ERROR,
                        result.body().toString()))
                .as(result.body().toString())
                .isEmpty();
        return result;
    }

    private static List<String> ids(Result result) {
        List<String> ids = new ArrayList<>();
        result.body().get("data").forEach(j -> ids.add(j.get("id").asText()));
        return ids;
    }

    private void move(String id, JobStatus... path) {
        for (JobStatus status : path) {
            BatchJob job = fixture.jobs.find("acct_alpha", id).orElseThrow();
            fixture.jobs.update(job, job.moveTo(status, fixture.clock.instant()));
        }
    }

    @Test
    void theSchemaCheckItselfRejectsWhatTheOpenApiForbids() {
        assertThat(MeteroidSchemas.violations(MeteroidSchemas.LIST_RESPONSE, "{\"data\": []}"))
                .isNotEmpty();
        assertThat(
                        MeteroidSchemas.violations(
                                MeteroidSchemas.LIST_RESPONSE,
                                "{\"data\": [{\"id\": \"x\"}], "
                                        + "\"pagination_meta\": {\"page\": 0, \"per_page\": 1, \"total_items\": 1, \"total_pages\": 1}}"))
                .isNotEmpty();
        assertThat(MeteroidSchemas.violations(
                        MeteroidSchemas.FAILURES_ERROR, "{\"code\": \"OOPS\", \"message\": \"m\"}"))
                .isNotEmpty();
        String job =
                "{\"id\": \"bjob_1\", \"job_type\": \"CUSTOMER_CSV_IMPORT\", \"status\": \"PENDING\", \"processed_items\": 0,"
                        + " \"failed_items\": 0, \"created_by\": \"%s\", \"created_at\": \"%s\"}";
        String page =
                "{\"data\": [%s], \"pagination_meta\": {\"page\": 0, \"per_page\": 1, \"total_items\": 1, \"total_pages\": 1}}";
        assertThat(MeteroidSchemas.violations(
                        MeteroidSchemas.LIST_RESPONSE,
                        String.format(
                                page,
                                String.format(
                                        job, "00000000-0000-4000-8000-000000000001", "2026-11-23T10:00:00.000Z"))))
                .isEmpty();
        assertThat(MeteroidSchemas.violations(
                        MeteroidSchemas.LIST_RESPONSE,
                        String.format(page, String.format(job, "not-a-uuid", "2026-11-23T10:00:00.000Z"))))
                .as("format uuid")
                .isNotEmpty();
        assertThat(MeteroidSchemas.violations(
                        MeteroidSchemas.LIST_RESPONSE,
                        String.format(page, String.format(job, "00000000-0000-4000-8000-000000000001", "yesterday"))))
                .as("format date-time")
                .isNotEmpty();
    }

    @Test
    void aJobIsShownAsTheSchemaDescribesItWithItsMappedStatus() {
        String id = create(MIGRATION);
        JsonNode job = list().body().get("data").get(0);

        assertThat(job.get("id").asText()).isEqualTo(id);
        assertThat(job.get("job_type").asText()).isEqualTo("SUBSCRIPTION_PLAN_MIGRATION");
        assertThat(job.get("status").asText()).isEqualTo("PENDING");
        assertThat(job.get("processed_items").asInt()).isZero();
        assertThat(job.get("failed_items").asInt()).isZero();
        assertThat(job.get("total_items").isNull()).isTrue();
        assertThat(UUID.fromString(job.get("created_by").asText())).isNotNull();
        assertThat(Instant.parse(job.get("created_at").asText())).isEqualTo(fixture.clock.instant());
        assertThat(job.get("completed_at").isNull()).isTrue();

        move(id, JobStatus.VALIDATING);
        assertThat(list().body().at("/data/0/status").asText()).isEqualTo("CHUNKING");
        move(id, JobStatus.IN_PROGRESS);
        assertThat(list().body().at("/data/0/status").asText()).isEqualTo("PROCESSING");
        move(id, JobStatus.CANCELLING, JobStatus.CANCELED);
        JsonNode canceled = list().body().get("data").get(0);
        assertThat(canceled.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(Instant.parse(canceled.get("completed_at").asText())).isEqualTo(fixture.clock.instant());
    }

    @Test
    void aJobWhoseEveryRowFailedSaysSoOnBothSurfaces() {
        String id = create(CUSTOMERS);
        move(id, JobStatus.IN_PROGRESS);
        fixture.chunks.plan(id, List.of(ChunkState.planned(id, 0, new ChunkRange(0, 100, 0, 3, 1))));
        fixture.chunks.checkpoint(
                fixture.chunks.find(id, 0).orElseThrow(),
                new Checkpoint(
                        List.of(0L, 1L, 2L),
                        0,
                        3,
                        List.of(
                                new RowFailure(0, "a", "HTTP 404"),
                                new RowFailure(1, "b", "HTTP 404"),
                                new RowFailure(2, "c", "HTTP 404")),
                        List.of()));
        move(id, JobStatus.COMPLETE);

        JsonNode job = list().body().get("data").get(0);
        assertThat(job.get("status").asText()).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(job.get("failed_items").asInt())
                .isEqualTo(3)
                .isEqualTo(job.get("processed_items").asInt());
        JsonNode v2 =
                fixture.call("GET", "/v2/core/batch_jobs/" + id).key(key).send().body();
        assertThat(v2.at("/status_details/complete/error").asText())
                .isEqualTo("Every row failed (3 of 3); see the results file.");
    }

    @Test
    void theFileNameAClientGaveIsTheInputFileName() {
        String named = create("{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"},"
                + " \"input_format\": \"csv\", \"input_file_name\": \"customers nov.csv\"}");
        create(CUSTOMERS);

        JsonNode data = list().body().get("data");

        assertThat(data.get(1).get("id").asText()).isEqualTo(named);
        assertThat(data.get(1).get("input_file_name").asText()).isEqualTo("customers nov.csv");
        assertThat(data.get(0).get("input_file_name").isNull()).isTrue();
        assertThat(fixture.call("GET", "/v2/core/batch_jobs/" + named)
                        .key(key)
                        .send()
                        .body()
                        .get("input_file_name")
                        .asText())
                .isEqualTo("customers nov.csv");
    }

    @Test
    void aJobsErrorFileIsOfferedOnBothSurfacesWithAFreshDownloadUrl() {
        String id = create(CUSTOMERS);
        move(id, JobStatus.IN_PROGRESS);
        assertThat(list().body().at("/data/0/error_file_url").isNull()).isTrue();
        BatchJob running = fixture.jobs.find("acct_alpha", id).orElseThrow();
        fixture.jobs.update(
                running,
                running.moveTo(JobStatus.COMPLETE, fixture.clock.instant())
                        .withErrorFile(new OutputFile("results/acct_alpha/" + id + "/errors.csv", 42, "text/csv")));

        String url = list().body().at("/data/0/error_file_url").asText();
        JsonNode v2 = fixture.call("GET", "/v2/core/batch_jobs/" + id)
                .key(key)
                .send()
                .body()
                .at("/status_details/complete/error_file");

        assertThat(url).contains("errors.csv");
        assertThat(v2.get("content_type").asText()).isEqualTo("text/csv");
        assertThat(v2.get("size").asText()).isEqualTo("42");
        assertThat(v2.at("/download_url/url").asText()).isEqualTo(url);
        assertThat(v2.at("/download_url/expires_at").asText()).isNotEmpty();
    }

    @Test
    void everyFilterCombinationListsExactlyTheMatchingJobsNewestFirst() {
        String customersPending = create(CUSTOMERS);
        String migrationPending = create(MIGRATION);
        String customersCanceled = create(CUSTOMERS);
        move(customersCanceled, JobStatus.CANCELED);
        String migrationFailed = create(MIGRATION);
        move(migrationFailed, JobStatus.UPLOAD_TIMEOUT);
        create(PROMO);

        assertThat(ids(list())).containsExactly(migrationFailed, customersCanceled, migrationPending, customersPending);
        assertThat(ids(list("job_type", "CUSTOMER_CSV_IMPORT"))).containsExactly(customersCanceled, customersPending);
        assertThat(ids(list("status", "PENDING"))).containsExactly(migrationPending, customersPending);
        assertThat(ids(list("status", "CANCELLED|FAILED"))).containsExactly(migrationFailed, customersCanceled);
        assertThat(ids(list("job_type", "SUBSCRIPTION_PLAN_MIGRATION", "status", "FAILED")))
                .containsExactly(migrationFailed);
        assertThat(ids(list("job_type", "SUBSCRIPTION_PLAN_MIGRATION", "status", "PENDING|FAILED")))
                .containsExactly(migrationFailed, migrationPending);
        assertThat(ids(list("job_type", "EVENT_CSV_IMPORT"))).isEmpty();
        assertThat(list("status", "CANCELLED|FAILED")
                        .body()
                        .at("/pagination_meta/total_items")
                        .asLong())
                .isEqualTo(2);
    }

    @Test
    void paginationEdges() {
        Result empty = list();
        assertThat(empty.body().get("data")).isEmpty();
        assertThat(empty.body().at("/pagination_meta/total_items").asLong()).isZero();
        assertThat(empty.body().at("/pagination_meta/total_pages").asInt()).isZero();
        assertThat(empty.body().at("/pagination_meta/per_page").asInt()).isEqualTo(10);

        List<String> created = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            created.add(0, create(i % 2 == 0 ? CUSTOMERS : MIGRATION));
        }
        Result last = list("page", "2", "per_page", "10");
        assertThat(ids(last)).isEqualTo(created.subList(20, 23));
        assertThat(last.body().at("/pagination_meta/page").asInt()).isEqualTo(2);
        assertThat(last.body().at("/pagination_meta/total_pages").asInt()).isEqualTo(3);
        assertThat(ids(list("per_page", "100"))).isEqualTo(created);
        Result past = list("page", "7", "per_page", "10");
        assertThat(past.body().get("data")).isEmpty();
        assertThat(past.body().at("/pagination_meta/total_items").asLong()).isEqualTo(23);
        List<String> walked = new ArrayList<>();
        for (int page = 0; page < 5; page++) {
            walked.addAll(ids(list("page", Integer.toString(page), "per_page", "5")));
        }
        assertThat(walked).isEqualTo(created);
    }

    @ParameterizedTest
    @CsvSource({"per_page,0", "per_page,101", "page,-1", "page,abc", "status,DONE", "job_type,ANYTHING", "color,red"})
    void badParametersAre400WithTheParameterNamed(String name, String value) {
        Result result = list(name, value);

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.body().get("code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(result.body().get("message").asText()).contains(name);
    }

    @Test
    void aMissingOrWrongKeyIs401AndAnotherAccountsJobIs404() {
        Result unauthorized = fixture.call("GET", "/api/v1/batch-jobs").send();
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.body().get("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(MeteroidSchemas.violations(
                        MeteroidSchemas.LIST_ERROR, unauthorized.body().toString()))
                .isEmpty();

        String id = create(CUSTOMERS);
        String other = fixture.newKey("acct_beta");
        assertThat(fixture.call("GET", "/api/v1/batch-jobs")
                        .key(other)
                        .send()
                        .body()
                        .get("data"))
                .isEmpty();
        Result foreign = fixture.call("GET", "/api/v1/batch-jobs/" + id + "/failures")
                .key(other)
                .send();
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body().get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(failures("batchv2_nosuchjob").status()).isEqualTo(404);
    }

    /** A running job whose two chunks recorded failures: chunk 0 rows 1, 2 then 4; chunk 1 row 10. */
    private String jobWithFailures() {
        String id = create(CUSTOMERS);
        move(id, JobStatus.IN_PROGRESS);
        fixture.chunks.plan(
                id,
                List.of(
                        ChunkState.planned(id, 0, new ChunkRange(0, 100, 0, 10, 1)),
                        ChunkState.planned(id, 1, new ChunkRange(100, 200, 10, 10, 11))));
        ChunkState first = fixture.chunks.find(id, 0).orElseThrow();
        first = fixture.chunks.checkpoint(
                first,
                new Checkpoint(
                        List.of(0L, 1L, 2L),
                        1,
                        2,
                        List.of(
                                new RowFailure(1, "r1", "HTTP 404: No such customer: 'cus_x'"),
                                new RowFailure(2, null, "Row 3: invalid JSON")),
                        List.of()));
        fixture.chunks.checkpoint(
                fixture.chunks.find(id, 1).orElseThrow(),
                new Checkpoint(List.of(10L), 0, 1, List.of(new RowFailure(10, "r10", "HTTP 500")), List.of()));
        fixture.chunks.checkpoint(
                first, new Checkpoint(List.of(4L), 0, 1, List.of(new RowFailure(4, "r4", "HTTP 402")), List.of()));
        return id;
    }

    @Test
    void failuresAreListedWhileTheJobRunsWithOffsetLimitAndChunkFilter() {
        String id = jobWithFailures();

        Result all = failures(id);
        assertThat(all.body().get("total_count").asLong()).isEqualTo(4);
        JsonNode first = all.body().get("data").get(0);
        assertThat(UUID.fromString(first.get("id").asText())).isNotNull();
        assertThat(first.get("chunk_id").asText()).startsWith("bjch_");
        assertThat(first.get("item_index").asInt()).isEqualTo(1);
        assertThat(first.get("item_identifier").asText()).isEqualTo("r1");
        assertThat(first.get("reason").asText()).isEqualTo("HTTP 404: No such customer: 'cus_x'");
        assertThat(all.body().get("data").get(1).get("item_identifier").isNull())
                .isTrue();

        assertThat(failures(id, "offset", "1", "limit", "2").body().get("data"))
                .extracting(n -> n.get("item_index").asInt())
                .containsExactly(2, 10);
        assertThat(failures(id, "offset", "3")
                        .body()
                        .get("data")
                        .get(0)
                        .get("item_index")
                        .asInt())
                .isEqualTo(4);
        assertThat(failures(id, "offset", "9").body().get("data")).isEmpty();
        assertThat(failures(id, "limit", "0").body().get("total_count").asLong())
                .isEqualTo(4);

        String chunkZero = first.get("chunk_id").asText();
        Result chunk = failures(id, "chunk_id", chunkZero, "offset", "1");
        assertThat(chunk.body().get("total_count").asLong()).isEqualTo(3);
        assertThat(chunk.body().get("data"))
                .extracting(n -> n.get("item_index").asInt())
                .containsExactly(2, 4);
        assertThat(failures(id, "chunk_id", "bjch_someone_else_0").status()).isEqualTo(400);
        assertThat(failures(id, "limit", "1001").status()).isEqualTo(400);
    }

    @Test
    void theSameFailuresPageOnTheV2SurfaceWithCursors() {
        String id = jobWithFailures();
        List<Integer> seen = new ArrayList<>();
        String next = "/v2/core/batch_jobs/" + id + "/failures?limit=3";
        while (next != null) {
            String[] parts = next.split("\\?", 2);
            ApiFixture.Call call = fixture.call("GET", parts[0]).key(key);
            for (String pair : parts[1].split("&")) {
                String[] kv = pair.split("=", 2);
                call.query(kv[0], kv[1]);
            }
            JsonNode body = call.send().body();
            body.get("data").forEach(f -> {
                assertThat(f.get("object").asText()).isEqualTo("v2.core.batch_job_failure");
                seen.add(f.get("item_index").asInt());
            });
            next = body.get("next_page_url").isNull()
                    ? null
                    : body.get("next_page_url").asText();
        }
        assertThat(seen).containsExactly(1, 2, 10, 4);
        assertThat(fixture.call("GET", "/v2/core/batch_jobs/" + id + "/failures")
                        .key(key)
                        .query("page", "garbage")
                        .send()
                        .status())
                .isEqualTo(400);
    }
}
