package dev.batchjobs.domain.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.IdempotencyKeyReusedException;
import dev.batchjobs.domain.Ids;
import dev.batchjobs.domain.InputFormat;
import dev.batchjobs.domain.InvalidMaximumRpsException;
import dev.batchjobs.domain.JobLineage;
import dev.batchjobs.domain.JobNotRetryableException;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.NoFailedRowsException;
import dev.batchjobs.domain.ProcessingTimeouts;
import dev.batchjobs.domain.RetryCommand;
import dev.batchjobs.domain.chunks.Checkpoint;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ResultStorage;
import dev.batchjobs.domain.chunks.RowFailure;
import dev.batchjobs.domain.events.JobEvent;
import dev.batchjobs.domain.input.InputScanner;
import dev.batchjobs.domain.input.ScanResult;
import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A retry: a new job, already begun, whose input is exactly the failed rows it takes, as the client wrote them. */
class RetryJobsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
    private final FakeInputStorage inputs = new FakeInputStorage(clock);
    private final List<String> recorded = new ArrayList<>();
    private final List<UploadedInput> started = new ArrayList<>();
    private final Caller caller = new Caller("acct_a", false, "key_1", "00000000-0000-4000-8000-000000000001");
    private final RetryJobs retries = new RetryJobs(
            jobs,
            (parent, retry) -> recorded.add(parent + "->" + retry),
            chunks,
            chunks,
            inputs,
            new SharedStorage(),
            started::add,
            clock,
            new ProcessingTimeouts(Duration.ofHours(1), Duration.ofHours(1)),
            Duration.ofMinutes(5),
            Ids::newJobId);

    /** Results and inputs share one bucket: what the retry writes, the new job reads as its input. */
    private final class SharedStorage implements ResultStorage {
        @Override
        public void writePart(String key, byte[] content) {
            inputs.put(key, content);
        }

        @Override
        public Optional<InputStream> openPart(String key) {
            return Optional.empty();
        }

        @Override
        public ResultWriter create(String key, String contentType) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            return new ResultWriter() {
                @Override
                public void write(int b) {
                    bytes.write(b);
                }

                @Override
                public long size() {
                    return bytes.size();
                }

                @Override
                public void abort() {}

                @Override
                public void close() {
                    inputs.put(key, bytes.toByteArray());
                }
            };
        }
    }

    /** An ended job of five rows, one a chunk, rows 1 and 3 failed 503 and row 2 failed 400. */
    private BatchJob ended(JobStatus status) {
        BatchJob job = SampleJobs.withStatus("acct_a", clock.instant(), status);
        jobs.create(job);
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            input.append("{\"id\": \"r")
                    .append(i)
                    .append("\", \"path_params\": {\"id\": \"cus_")
                    .append(i);
            input.append("\"}}\n");
        }
        byte[] bytes = input.toString().getBytes(StandardCharsets.UTF_8);
        inputs.put(job.upload().key(), bytes);
        ScanResult plan = new InputScanner(new InputScanner.Settings(1, 1 << 20, 1000))
                .scan(
                        InputFormat.JSONL,
                        new ByteArrayInputStream(bytes),
                        () -> new ByteArrayInputStream(bytes),
                        Optional.empty(),
                        n -> {});
        List<ChunkState> planned = new ArrayList<>();
        plan.chunks().forEach(range -> planned.add(ChunkState.planned(job.id(), planned.size(), range)));
        chunks.plan(job.id(), planned);
        fail(job, 1, "HTTP 503: unavailable");
        fail(job, 2, "HTTP 400: Received unknown parameter: bogus");
        fail(job, 3, "HTTP 502: No response from the target after 5 attempts");
        return jobs.find("acct_a", job.id()).orElseThrow();
    }

    private void fail(BatchJob job, int row, String reason) {
        chunks.checkpoint(
                chunks.find(job.id(), row).orElseThrow(),
                new Checkpoint(List.of((long) row), 0, 1, List.of(new RowFailure(row, "r" + row, reason)), List.of()));
    }

    private String inputOf(BatchJob job) throws Exception {
        try (InputStream in =
                inputs.read(job.upload().readKey(), 0, job.upload().pinned().size())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void retryableTakesThe5xxRowsAndAllTakesEveryFailedRowAsTheClientWroteThem() throws Exception {
        BatchJob parent = ended(JobStatus.COMPLETE);

        BatchJob retryable = retries.retry(
                caller,
                parent.id(),
                new RetryCommand(RetryCommand.Only.RETRYABLE, OptionalInt.empty()),
                Optional.empty());
        BatchJob all = retries.retry(
                caller, parent.id(), new RetryCommand(RetryCommand.Only.ALL, OptionalInt.of(3)), Optional.empty());

        assertThat(inputOf(retryable))
                .isEqualTo("{\"id\": \"r1\", \"path_params\": {\"id\": \"cus_1\"}}\n"
                        + "{\"id\": \"r3\", \"path_params\": {\"id\": \"cus_3\"}}\n");
        assertThat(inputOf(all).lines()).hasSize(3).anyMatch(l -> l.contains("\"r2\""));
        assertThat(retryable.status()).isEqualTo(JobStatus.VALIDATING);
        assertThat(retryable.spec().lineage().retryOf()).isEqualTo(parent.id());
        assertThat(retryable.spec().lineage().originOf(retryable.id())).isEqualTo(parent.id());
        assertThat(retryable.spec().maximumRps()).isEqualTo(parent.spec().maximumRps());
        assertThat(all.spec().maximumRps()).isEqualTo(3);
        assertThat(jobs.find("acct_a", retryable.id())).contains(retryable);
        assertThat(recorded).containsExactly(parent.id() + "->" + retryable.id(), parent.id() + "->" + all.id());
        assertThat(started).extracting(UploadedInput::jobId).containsExactly(retryable.id(), all.id());
        assertThat(jobs.events().all().stream()
                        .filter(e -> e.jobId().equals(retryable.id()))
                        .map(JobEvent::type))
                .contains("v2.core.batch_job.created", "v2.core.batch_job.validating")
                .doesNotContain("v2.core.batch_job.ready_for_upload");
    }

    @Test
    void aJobWhoseInputTheBucketNoLongerKeepsIsNotRetryableAndSaysWhy() {
        BatchJob expired = ended(JobStatus.COMPLETE);
        inputs.expire(expired.upload().readKey());

        assertThatThrownBy(() -> retries.retry(
                        caller,
                        expired.id(),
                        new RetryCommand(RetryCommand.Only.ALL, OptionalInt.empty()),
                        Optional.empty()))
                .isInstanceOfSatisfying(
                        JobNotRetryableException.class,
                        e -> assertThat(e.code()).isEqualTo("batch_job_not_retryable"))
                .hasMessageContaining("input file is no longer kept");
        assertThat(started).isEmpty();
    }

    @Test
    void aRetryOfARetryKeepsTheOriginsIdForTheIdempotencyKeys() {
        BatchJob parent = ended(JobStatus.COMPLETE);
        BatchJob child = retries.retry(
                caller, parent.id(), new RetryCommand(RetryCommand.Only.ALL, OptionalInt.empty()), Optional.empty());

        JobLineage grandchild = JobLineage.retryOf(child);

        assertThat(grandchild.retryOf()).isEqualTo(child.id());
        assertThat(grandchild.originOf("batchv2_grandchild")).isEqualTo(parent.id());
        assertThat(parent.spec().lineage().originOf(parent.id())).isEqualTo(parent.id());
    }

    @Test
    void anIdempotencyKeyAnswersTheSameRetryAndRefusesAnotherRequest() {
        BatchJob parent = ended(JobStatus.CANCELED);
        RetryCommand command = new RetryCommand(RetryCommand.Only.RETRYABLE, OptionalInt.empty());

        BatchJob first = retries.retry(caller, parent.id(), command, Optional.of("k1"));
        BatchJob again = retries.retry(caller, parent.id(), command, Optional.of("k1"));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(started).hasSize(1);
        assertThatThrownBy(() -> retries.retry(
                        caller,
                        parent.id(),
                        new RetryCommand(RetryCommand.Only.ALL, OptionalInt.empty()),
                        Optional.of("k1")))
                .isInstanceOf(IdempotencyKeyReusedException.class);
    }

    @Test
    void aRunningJobNoMatchingRowAndABadRateAreRefused() {
        BatchJob running = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.IN_PROGRESS);
        jobs.create(running);
        BatchJob parent = ended(JobStatus.COMPLETE);
        BatchJob child = retries.retry(
                caller, parent.id(), new RetryCommand(RetryCommand.Only.ALL, OptionalInt.empty()), Optional.empty());

        assertThatThrownBy(() -> retries.retry(
                        caller,
                        running.id(),
                        new RetryCommand(RetryCommand.Only.ALL, OptionalInt.empty()),
                        Optional.empty()))
                .isInstanceOf(JobNotRetryableException.class)
                .hasMessageContaining("in_progress");
        assertThatThrownBy(() -> retries.retry(
                        caller,
                        parent.id(),
                        new RetryCommand(RetryCommand.Only.ALL, OptionalInt.of(101)),
                        Optional.empty()))
                .isInstanceOf(InvalidMaximumRpsException.class);
        // The child has not run: it has no failed rows yet (and has not ended).
        assertThatThrownBy(() -> retries.retry(
                        caller,
                        child.id(),
                        new RetryCommand(RetryCommand.Only.ALL, OptionalInt.empty()),
                        Optional.empty()))
                .isInstanceOf(JobNotRetryableException.class);
        BatchJob clean = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.COMPLETE);
        jobs.create(clean);
        assertThatThrownBy(() -> retries.retry(
                        caller,
                        clean.id(),
                        new RetryCommand(RetryCommand.Only.ALL, OptionalInt.empty()),
                        Optional.empty()))
                .isInstanceOf(NoFailedRowsException.class)
                .hasMessageContaining("no failed rows");
    }
}
