package dev.batchjobs.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.pipeline.ErrorFiles;
import dev.batchjobs.domain.pipeline.FailDeadLetteredChunk;
import dev.batchjobs.domain.pipeline.FinishJob;
import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.InMemoryResultStorage;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import dev.batchjobs.testing.TestContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;

class ChunkDeadLetterHandlerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
    private final InMemoryResultStorage storage = new InMemoryResultStorage();
    private final List<String> tokensSent = new ArrayList<>();
    private final ChunkDeadLetterHandler handler = new ChunkDeadLetterHandler(new FailDeadLetteredChunk(
            new FinishJob(
                    jobs,
                    chunks,
                    new ResultFiles(storage),
                    new ErrorFiles(new FakeInputStorage(clock), chunks, storage, () -> {}),
                    clock),
            chunks,
            tokensSent::add));

    private BatchJob runningJobOfTwoChunks() {
        BatchJob ready =
                SampleJobs.readyForUpload("batchv2_AbCdEfGhIjKlMnOpQrStUvWxYz", "acct_sample", clock.instant());
        jobs.create(ready);
        BatchJob job = ready.moveTo(JobStatus.IN_PROGRESS, clock.instant());
        jobs.update(ready, job);
        chunks.plan(
                job.id(),
                List.of(
                        ChunkState.planned(job.id(), 0, new ChunkRange(0, 10, 0, 1, 1)),
                        ChunkState.planned(job.id(), 1, new ChunkRange(10, 20, 1, 1, 2))));
        chunks.recordDispatch(job.id(), 2, "token-1");
        return job;
    }

    @ParameterizedTest
    @Event(value = "../events/worker/dead-lettered-chunk.json", type = SQSEvent.class)
    void aDeadLetteredChunkEndsItsJobBatchFailedSayingWhichChunk(SQSEvent event) {
        BatchJob job = runningJobOfTwoChunks();

        SQSBatchResponse response = handler.handleRequest(event, new TestContext());

        assertThat(response.getBatchItemFailures()).isEmpty();
        BatchJob ended = jobs.find("acct_sample", job.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(JobStatus.BATCH_FAILED);
        assertThat(ended.outcome().failureReason()).startsWith("Chunk 0 of the batch job failed on every delivery");
        // Chunk 1 was never queued (each worker queues the next chunk): the state machine is told at once.
        assertThat(tokensSent).containsExactly("token-1");
    }

    @ParameterizedTest
    @Event(value = "../events/worker/dead-lettered-chunk.json", type = SQSEvent.class)
    void aSecondDeliveryChangesNothing(SQSEvent event) {
        BatchJob job = runningJobOfTwoChunks();

        handler.handleRequest(event, new TestContext());
        BatchJob ended = jobs.find("acct_sample", job.id()).orElseThrow();
        handler.handleRequest(event, new TestContext());

        // The token may go twice; Step Functions refuses the second (SfnTaskSignal).
        assertThat(tokensSent).containsOnly("token-1");
        assertThat(jobs.find("acct_sample", job.id()).orElseThrow()).isEqualTo(ended);
    }
}
