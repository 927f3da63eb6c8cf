package dev.batchjobs.domain.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.InputFormat;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.chunks.Checkpoint;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.RowFailure;
import dev.batchjobs.domain.failures.FailureRecord;
import dev.batchjobs.domain.failures.FailureStore;
import dev.batchjobs.domain.input.InputScanner;
import dev.batchjobs.domain.input.ScanResult;
import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.InMemoryResultStorage;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The failed rows, as the client wrote them, with their errors: in input order, and valid input again. */
class ErrorFilesTest {
    private static final Endpoint CUSTOMER = new Endpoint("/v1/customers/:id", HttpMethod.POST, null);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
    private final FakeInputStorage inputs = new FakeInputStorage(clock);
    private final InMemoryResultStorage storage = new InMemoryResultStorage();
    private final ErrorFiles errorFiles = new ErrorFiles(inputs, chunks, storage, () -> {});

    /** A job whose input is planned in chunks of {@code perChunk} rows, with the given rows failed (by 0-based index). */
    private BatchJob ran(InputFormat format, String input, int perChunk, long... failedRows) {
        BatchJob job =
                SampleJobs.withInput(SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.IN_PROGRESS), format);
        jobs.create(job);
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        inputs.put(job.upload().key(), bytes);
        ScanResult plan = new InputScanner(new InputScanner.Settings(perChunk, 1 << 20, 1000))
                .scan(
                        format,
                        new ByteArrayInputStream(bytes),
                        () -> new ByteArrayInputStream(bytes),
                        Optional.empty(),
                        n -> {});
        jobs.recordInputHeader(job.id(), plan.header());
        List<ChunkState> planned = new ArrayList<>();
        plan.chunks().forEach(range -> planned.add(ChunkState.planned(job.id(), planned.size(), range)));
        chunks.plan(job.id(), planned);
        // Failures are committed out of order, chunk by chunk, as workers would.
        for (int i = failedRows.length - 1; i >= 0; i--) {
            long row = failedRows[i];
            ChunkState chunk = planned.stream()
                    .filter(c -> row >= c.range().firstRow()
                            && row < c.range().firstRow() + c.range().rowCount())
                    .findFirst()
                    .orElseThrow();
            chunks.checkpoint(
                    chunks.find(job.id(), chunk.index()).orElseThrow(),
                    new Checkpoint(
                            List.of(row),
                            0,
                            1,
                            List.of(new RowFailure(row, "r" + row, "HTTP 404: no such customer " + row)),
                            List.of()));
        }
        return jobs.find("acct_a", job.id()).orElseThrow();
    }

    private String write(BatchJob job) {
        List<ChunkState> states = new ArrayList<>();
        for (int i = 0; chunks.find(job.id(), i).isPresent(); i++) {
            states.add(chunks.find(job.id(), i).orElseThrow());
        }
        return storage.text(errorFiles.write(job, states).orElseThrow().key()).orElseThrow();
    }

    @Test
    void jsonlRowsKeepTheirFieldsAndGainTheErrorInInputOrder() {
        String input = "{\"id\": \"r0\", \"path_params\": {\"id\": \"cus_0\"}}\n"
                + "{\"id\": \"r1\", \"path_params\": {\"id\": \"cus_1\"}, \"params\": {\"name\": \"A\"}}\n\n"
                + "{\"id\": \"r2\", \"path_params\": {\"id\": \"cus_2\"}, \"error\": \"an older error\"}\n"
                + "not json at all\n"
                + "{\"id\": \"r4\", \"path_params\": {\"id\": \"cus_4\"}}\n";
        BatchJob job = ran(InputFormat.JSONL, input, 2, 1, 2, 3);

        assertThat(write(job).lines())
                .containsExactly(
                        "{\"id\":\"r1\",\"path_params\":{\"id\":\"cus_1\"},\"params\":{\"name\":\"A\"},\"error\":\"HTTP 404: no such customer 1\"}",
                        "{\"id\":\"r2\",\"path_params\":{\"id\":\"cus_2\"},\"error\":\"HTTP 404: no such customer 2\"}",
                        "{\"error\":\"HTTP 404: no such customer 3\",\"raw\":\"not json at all\"}");
    }

    @Test
    void csvRowsKeepTheirValuesUnderTheHeaderWithAnErrorColumn() {
        String input = "id,path_params.id,params.name,params.note,_error\r\n"
                + "r0,cus_0,A,,old\r\n"
                + "r1,cus_1,\"Rosen, Jenny\",\"two\nlines\",old\r\n"
                + "r2,cus_2,,\"\",\r\n"
                + "r3,cus_3\r\n"
                + "r4,cus_4,E,x,\r\n";
        BatchJob job = ran(InputFormat.csv(','), input, 2, 1, 2, 3);

        assertThat(write(job))
                .isEqualTo("\"id\",\"path_params.id\",\"params.name\",\"params.note\",\"_error\"\r\n"
                        + "\"r1\",\"cus_1\",\"Rosen, Jenny\",\"two\nlines\",\"HTTP 404: no such customer 1\"\r\n"
                        + "\"r2\",\"cus_2\",,\"\",\"HTTP 404: no such customer 2\"\r\n"
                        + "r3,cus_3,\"HTTP 404: no such customer 3\"\r\n");
    }

    /** The round trip: the error file of a job is a valid input for a new job against the same endpoint. */
    @Test
    void anErrorFilePassesValidationAsANewJobsInputInBothFormats() {
        String jsonl =
                "{\"id\": \"r0\", \"path_params\": {\"id\": \"cus_0\"}}\n{\"id\": \"r1\", \"path_params\": {\"id\": \"cus_1\"}}\n";
        String csv = "id;path_params.id;params.metadata.tier\nr0;cus_0;\"a;b\"\nr1;cus_1;\n";
        for (var run : List.of(new Object[] {InputFormat.JSONL, jsonl}, new Object[] {InputFormat.csv(';'), csv})) {
            InputFormat format = (InputFormat) run[0];
            byte[] errors = write(ran(format, (String) run[1], 1, 0, 1)).getBytes(StandardCharsets.UTF_8);

            ScanResult again = new InputScanner(InputScanner.Settings.DEFAULT)
                    .scan(
                            format,
                            new ByteArrayInputStream(errors),
                            () -> new ByteArrayInputStream(errors),
                            Optional.of(CUSTOMER),
                            n -> {});

            assertThat(again.error()).as(format.kind().name()).isEmpty();
            assertThat(again.rows()).isEqualTo(2);
        }
    }

    @Test
    void failuresTheChunkIndexHasNotCaughtUpWithAreWaitedFor() {
        BatchJob job = ran(InputFormat.JSONL, "{\"id\": \"r0\"}\n{\"id\": \"r1\"}\n", 2, 0, 1);
        AtomicInteger reads = new AtomicInteger();
        FailureStore lagging = new FailureStore() {
            @Override
            public List<FailureRecord> page(String jobId, long offset, int limit) {
                return chunks.page(jobId, offset, limit);
            }

            @Override
            public List<FailureRecord> chunkPage(String jobId, int chunkIndex, long offset, int limit) {
                List<FailureRecord> all = chunks.chunkPage(jobId, chunkIndex, offset, limit);
                return reads.incrementAndGet() < 3 ? all.subList(0, 1) : all;
            }
        };
        AtomicInteger pauses = new AtomicInteger();

        String text = storage.text(new ErrorFiles(inputs, lagging, storage, pauses::incrementAndGet)
                        .write(job, List.of(chunks.find(job.id(), 0).orElseThrow()))
                        .orElseThrow()
                        .key())
                .orElseThrow();

        assertThat(text.lines()).hasSize(2);
        assertThat(pauses.get()).isEqualTo(2);
    }
}
