package dev.batchjobs.domain.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.EndpointRegistry;
import dev.batchjobs.domain.InputFormat;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.PinnedInput;
import dev.batchjobs.domain.Preflight;
import dev.batchjobs.domain.events.JobEvent;
import dev.batchjobs.domain.events.ProgressEvents;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.input.InputScanner;
import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.InMemoryResultStorage;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrepareInputTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
    private final FakeInputStorage inputs = new FakeInputStorage(clock);
    private final InMemoryResultStorage results = new InMemoryResultStorage();
    private final PrepareInput prepare = new PrepareInput(
            jobs,
            jobs,
            chunks,
            inputs,
            results,
            EndpointRegistry.stripeDefaults(),
            new InputScanner(new InputScanner.Settings(2, 1 << 20, 1)),
            clock,
            ProgressEvents.DEFAULT_INTERVAL);

    private BatchJob jobIn(JobStatus status, String input) {
        BatchJob job = SampleJobs.withStatus("acct_a", clock.instant(), status);
        jobs.create(job);
        inputs.put(job.upload().key(), input.getBytes(StandardCharsets.UTF_8));
        return job;
    }

    private BatchJob csvJobIn(String input) {
        BatchJob job = SampleJobs.withInput(
                SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.VALIDATING), InputFormat.csv(','));
        jobs.create(job);
        inputs.put(job.upload().key(), input.getBytes(StandardCharsets.UTF_8));
        return job;
    }

    private static String row(String id) {
        return "{\"id\": \"" + id + "\", \"path_params\": {\"id\": \"cus_" + id + "\"}}\n";
    }

    @Test
    void aValidFilePlansItsChunksCountsItsRowsAndStartsProcessing() {
        String input = row("a") + row("b") + row("c") + row("d") + row("e");
        BatchJob job = jobIn(JobStatus.VALIDATING, input);

        PrepareInput.Prepared prepared = prepare.prepare("acct_a", job.id(), input.length());

        assertThat(prepared.proceed()).isTrue();
        assertThat(prepared.chunkCount()).isEqualTo(3);
        BatchJob stored = jobs.find("acct_a", job.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(stored.counts().validated()).isEqualTo(5);
        assertThat(stored.counts().totalRows()).isEqualTo(5);
        assertThat(chunks.find(job.id(), 2).orElseThrow().range().rowCount()).isEqualTo(1);
    }

    @Test
    void theEventLeavingValidationCarriesTheRowCountTheFileSizeAndTheDurationAtTheJobsRate() {
        String input = "";
        for (int i = 0; i < 25; i++) {
            input += row("r" + i);
        }
        BatchJob created = SampleJobs.readyForUpload("acct_a", clock.instant());
        jobs.create(created);
        BatchJob begun = created.begin(
                new PinnedInput("pinned/" + created.id(), "etag", input.length()),
                clock.instant().plusSeconds(3600),
                clock.instant());
        jobs.update(created, begun);
        inputs.put("pinned/" + created.id(), input.getBytes(StandardCharsets.UTF_8));
        assertThat(Preflight.of(begun)).contains(new Preflight(0, input.length(), 0));

        prepare.prepare("acct_a", created.id(), input.length());

        JobEvent leaving = jobs.events().all().stream()
                .filter(e ->
                        e.jobId().equals(created.id()) && e.counts().status().equals("in_progress"))
                .findFirst()
                .orElseThrow();
        // 25 rows at the sample job's 10 rows a second.
        assertThat(leaving.counts().preflight()).isEqualTo(new Preflight(25, input.length(), 3));
        assertThat(leaving.counts().totalCount()).isEqualTo(25);
    }

    @Test
    void aBadRowEndsTheJobValidationFailedWithTheLineInTheJobAndItsOutputFile() {
        String input = row("a") + "{\"id\": \"b\", \"path_params\": {\"customer\": \"x\"}}\n" + row("c");
        BatchJob job = jobIn(JobStatus.VALIDATING, input);

        PrepareInput.Prepared prepared = prepare.prepare("acct_a", job.id(), input.length());

        assertThat(prepared.proceed()).isFalse();
        BatchJob failed = jobs.find("acct_a", job.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.VALIDATION_FAILED);
        assertThat(failed.outcome().failureReason())
                .startsWith("Line 2 (id 'b')")
                .contains("path_params");
        assertThat(failed.outcome().outputFile()).isNotNull();
        assertThat(results.text(failed.outcome().outputFile().key()).orElseThrow())
                .contains("\"code\":\"invalid_path_params\"")
                .contains("\"line\":2")
                .contains("\"status\":400");
        assertThat(chunks.find(job.id(), 0)).isEmpty();
    }

    @Test
    void skipValidationOnlyPlansAndLeavesTheJobInProgress() {
        String input = "not json\n" + row("a") + row("a");
        BatchJob job = jobIn(JobStatus.IN_PROGRESS, input);

        PrepareInput.Prepared prepared = prepare.prepare("acct_a", job.id(), input.length());

        assertThat(prepared.proceed()).isTrue();
        assertThat(prepared.totalRows()).isEqualTo(3);
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status()).isEqualTo(JobStatus.IN_PROGRESS);
    }

    @Test
    void skipValidationMarksEachLaterRowOfAnIdAlreadySentSoItIsNotSentAgain() {
        // Chunks of two rows: rows 0-1, 2-3, 4. Row 0 is refused by the rules and claims no id.
        String input = "not json\n" + row("a") + row("b") + row("a") + row("a");
        BatchJob job = jobIn(JobStatus.IN_PROGRESS, input);

        PrepareInput.Prepared prepared = prepare.prepare("acct_a", job.id(), input.length());

        assertThat(prepared.proceed()).isTrue();
        assertThat(chunks.find(job.id(), 0).orElseThrow().range().duplicates()).isEmpty();
        assertThat(chunks.find(job.id(), 1).orElseThrow().range().duplicates()).containsExactly(Map.entry(3L, 2L));
        assertThat(chunks.find(job.id(), 2).orElseThrow().range().duplicates()).containsExactly(Map.entry(4L, 2L));
    }

    @Test
    void aCsvFileRecordsItsHeaderForTheWorkersAndPlansOnlyItsDataRows() {
        String input = "id,path_params.id,params.name\r\nr1,cus_1,\"Rosen,\r\nJenny\"\r\nr2,cus_2,B\r\nr3,cus_3,C\r\n";
        BatchJob job = csvJobIn(input);

        PrepareInput.Prepared prepared = prepare.prepare("acct_a", job.id(), input.length());

        assertThat(prepared.proceed()).isTrue();
        assertThat(prepared.totalRows()).isEqualTo(3);
        BatchJob stored = jobs.find("acct_a", job.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(stored.upload().format().header()).containsExactly("id", "path_params.id", "params.name");
        assertThat(chunks.find(job.id(), 0).orElseThrow().range())
                .isEqualTo(new ChunkRange(input.indexOf("r1"), input.indexOf("r3"), 0, 2, 2));
    }

    @Test
    void aCsvHeaderThatDoesNotFitTheEndpointFailsValidationNamingTheColumn() {
        String input = "id,path_params.customer\nr1,cus_1\n";
        BatchJob job = csvJobIn(input);

        prepare.prepare("acct_a", job.id(), input.length());

        BatchJob failed = jobs.find("acct_a", job.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.VALIDATION_FAILED);
        assertThat(failed.outcome().failureReason())
                .isEqualTo("Line 1: column 'path_params.customer': POST /v1/customers/:id has no"
                        + " placeholder ':customer'; its placeholders are [id]");
    }

    @Test
    void aJobCanceledBeforePreparingIsLeftAlone() {
        BatchJob job = jobIn(JobStatus.CANCELLING, row("a"));

        PrepareInput.Prepared prepared = prepare.prepare("acct_a", job.id(), row("a").length());

        assertThat(prepared.proceed()).isFalse();
        assertThat(jobs.find("acct_a", job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLING);
    }
}
