package dev.batchjobs.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.batchjobs.domain.EndpointRegistry;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.chunks.ProcessChunkMessage;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.chunks.RunChunk;
import dev.batchjobs.domain.target.RetryPolicy;
import dev.batchjobs.domain.target.SendRows;
import dev.batchjobs.domain.target.Target;
import dev.batchjobs.domain.target.TargetEncoding;
import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.InMemoryResultStorage;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import dev.batchjobs.testing.SimulatedTarget;
import dev.batchjobs.testing.TestContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** The worker driven by the sample SQS event in {@code events/worker/}. */
class ChunkWorkerHandlerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
    private final List<ChunkMessage> sent = new ArrayList<>();

    @ParameterizedTest
    @Event(value = "../events/worker/chunk-messages.json", type = SQSEvent.class)
    void aBadMessageIsReportedAndTheMessagesAfterItInTheFifoBatchToo(SQSEvent event) {
        // The sample's job has been canceled: its chunks have nothing to do and succeed at once.
        var sample = SampleJobs.readyForUpload("batchv2_AbCdEfGhIjKlMnOpQrStUvWxYz", "acct_sample", clock.instant());
        jobs.create(sample);
        jobs.update(sample, sample.moveTo(JobStatus.CANCELED, clock.instant()));
        SimulatedTarget target = new SimulatedTarget(clock);
        RunChunk runChunk = new RunChunk(
                jobs,
                chunks,
                new FakeInputStorage(clock),
                new ResultFiles(new InMemoryResultStorage()),
                EndpointRegistry.stripeDefaults(),
                new Target(URI.create("https://target.test"), TargetEncoding.FORM, "Stripe-Account", "X-S"),
                new SendRows(
                        target,
                        RetryPolicy.DEFAULT,
                        clock,
                        target,
                        () -> 0.5,
                        new SendRows.Settings(10, Duration.ofSeconds(1), 10)),
                clock,
                Duration.ofSeconds(5));
        Map<String, Duration> redelivered = new LinkedHashMap<>();
        ChunkWorkerHandler handler = new ChunkWorkerHandler(
                new ProcessChunkMessage(runChunk, chunks, (message, id) -> sent.add(message), token -> {}),
                (lane, handle, delay) -> redelivered.put(handle, delay));

        SQSBatchResponse response = handler.handleRequest(event, new TestContext());

        assertThat(response.getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("7f9b1a0e-0002-4c1e-9b0a-000000000002", "7f9b1a0e-0003-4c1e-9b0a-000000000003");
        assertThat(target.starts).isEmpty();
        assertThat(sent).isEmpty();
        // The failed message comes back in 30 s, not after the queue's 3-minute visibility timeout; the one skipped
        // behind it was never received by a worker and keeps its place.
        assertThat(redelivered).containsExactly(Map.entry("AQEB-sample-2", Duration.ofSeconds(30)));
    }

    /** Five deliveries (the queue's maxReceiveCount) take about eight minutes, so a chunk that never works ends its job soon. */
    @Test
    void aFailingChunkComesBackSoonerEachTimeUpToFiveMinutes() {
        assertThat(IntStream.rangeClosed(1, 7)
                        .mapToObj(ChunkWorkerHandler::retryDelay)
                        .map(Duration::toSeconds))
                .containsExactly(30L, 60L, 120L, 240L, 300L, 300L, 300L);
        assertThat(IntStream.rangeClosed(1, 4)
                        .mapToObj(ChunkWorkerHandler::retryDelay)
                        .reduce(Duration.ZERO, Duration::plus))
                .isLessThan(Duration.ofMinutes(10));
    }
}
