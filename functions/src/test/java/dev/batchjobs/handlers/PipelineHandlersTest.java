package dev.batchjobs.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.EndpointRegistry;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.ProcessingTimeouts;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.events.ProgressEvents;
import dev.batchjobs.domain.input.InputScanner;
import dev.batchjobs.domain.pipeline.BeginProcessing;
import dev.batchjobs.domain.pipeline.ErrorFiles;
import dev.batchjobs.domain.pipeline.FinishJob;
import dev.batchjobs.domain.pipeline.PrepareInput;
import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.InMemoryResultStorage;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import dev.batchjobs.testing.TestContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;

/** The state machine's task handlers, driven by the sample events in {@code events/pipeline/}. */
class PipelineHandlersTest {
    private static final String JOB = "batchv2_AbCdEfGhIjKlMnOpQrStUvWxYz";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
    private final FakeInputStorage inputs = new FakeInputStorage(clock);
    private final InMemoryResultStorage results = new InMemoryResultStorage();

    private BatchJob sampleJob(JobStatus status) {
        BatchJob job = SampleJobs.readyForUpload(JOB, "acct_sample", clock.instant());
        jobs.create(job);
        if (status != JobStatus.READY_FOR_UPLOAD) {
            jobs.update(job, job.moveTo(status, clock.instant()));
        }
        return jobs.find("acct_sample", JOB).orElseThrow();
    }

    @ParameterizedTest
    @Event(value = "../events/pipeline/s3-object-created.json", type = Map.class)
    void theUploadEventBeginsTheJob(Map<String, Object> event) {
        BatchJob job = sampleJob(JobStatus.READY_FOR_UPLOAD);
        // The sample event's ETag is the MD5 of these bytes, as S3 gives a single-part upload.
        inputs.put(job.upload().key(), "hello\n".getBytes(StandardCharsets.UTF_8));

        Map<String, Object> output = new BeginHandler(
                        new BeginProcessing(jobs, inputs, clock, ProcessingTimeouts.DEFAULT))
                .handleRequest(event, new TestContext());

        assertThat(output)
                .containsEntry("proceed", true)
                .containsEntry("jobId", JOB)
                .containsEntry("timeoutSeconds", 86_400L);
        assertThat(jobs.find("acct_sample", JOB).orElseThrow().status()).isEqualTo(JobStatus.VALIDATING);
    }

    @ParameterizedTest
    @Event(value = "../events/pipeline/prepare-task.json", type = Map.class)
    void prepareValidatesAndPlans(Map<String, Object> input) {
        BatchJob job = sampleJob(JobStatus.VALIDATING);
        String file =
                "{\"id\": \"a\", \"path_params\": {\"id\": \"cus_0001\"}}\n{\"id\": \"b\", \"path_params\": {\"id\": \"cus_0002\"}}\n";
        inputs.put(job.upload().key(), file.getBytes(StandardCharsets.UTF_8));
        Map<String, Object> task = new HashMap<>(input);
        task.put("input_size", file.length());

        Map<String, Object> output = new PrepareHandler(new PrepareInput(
                        jobs,
                        jobs,
                        chunks,
                        inputs,
                        results,
                        EndpointRegistry.stripeDefaults(),
                        new InputScanner(InputScanner.Settings.DEFAULT),
                        clock,
                        ProgressEvents.DEFAULT_INTERVAL))
                .handleRequest(task, new TestContext());

        assertThat(output)
                .containsEntry("proceed", true)
                .containsEntry("chunkCount", 1)
                .containsEntry("totalRows", 2L);
        assertThat(jobs.find("acct_sample", JOB).orElseThrow().status()).isEqualTo(JobStatus.IN_PROGRESS);
    }

    @ParameterizedTest
    @Event(value = "../events/pipeline/fail-task.json", type = Map.class)
    void aFailureEndsTheJobWithoutLeakingItsCause(Map<String, Object> input) {
        sampleJob(JobStatus.IN_PROGRESS);

        Map<String, Object> output = failHandler().handleRequest(input, new TestContext());

        BatchJob failed = jobs.find("acct_sample", JOB).orElseThrow();
        assertThat(output).containsEntry("status", "batch_failed");
        assertThat(failed.outcome().failureReason())
                .contains("Lambda.Unknown")
                .doesNotContain("db-internal")
                .doesNotContain("Secret.java");
    }

    @ParameterizedTest
    @Event(value = "../events/pipeline/begin-failed-task.json", type = Map.class)
    void aBeginThatKeptFailingEndsTheJobItsUploadKeyNames(Map<String, Object> input) {
        sampleJob(JobStatus.READY_FOR_UPLOAD);

        Map<String, Object> output = failHandler().handleRequest(input, new TestContext());

        assertThat(output).containsEntry("status", "batch_failed");
        assertThat(jobs.find("acct_sample", JOB).orElseThrow().outcome().failureReason())
                .contains("States.TaskFailed")
                .doesNotContain("dynamodb");
    }

    private FailHandler failHandler() {
        return new FailHandler(new FinishJob(
                jobs, chunks, new ResultFiles(results), new ErrorFiles(inputs, chunks, results, () -> {}), clock));
    }
}
