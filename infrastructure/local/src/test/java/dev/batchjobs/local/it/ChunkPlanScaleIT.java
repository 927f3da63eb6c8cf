package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.aws.DynamoDbChunkStore;
import dev.batchjobs.aws.DynamoDbFailureStore;
import dev.batchjobs.aws.DynamoDbJobStore;
import dev.batchjobs.aws.S3InputStorage;
import dev.batchjobs.aws.S3ResultStorage;
import dev.batchjobs.aws.SqsChunkQueue;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Ids;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.pipeline.DispatchChunks;
import dev.batchjobs.domain.pipeline.ErrorFiles;
import dev.batchjobs.domain.pipeline.FinishJob;
import dev.batchjobs.testing.SampleJobs;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Issue 18's scale test: a job that plans {@code -Dchunks.scale} chunks (2,000 in the suite; 40,000, a 5 GB file at
 * 1,000 rows a chunk, in the benchmark of BENCHMARKS.md) is planned, dispatched and merged on the local cloud, each
 * step well inside its function's timeout (Prepare 900 s, Dispatch 120 s, Finish 900 s), and dispatch leaves one
 * message in the queue. The rows themselves run through the chain of ChunkChainIT.
 */
class ChunkPlanScaleIT {
    private static final int CHUNKS = Integer.getInteger("chunks.scale", 2_000);
    private static final Duration PREPARE_TIMEOUT = Duration.ofSeconds(900);
    private static final Duration DISPATCH_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(900);

    private final Clock clock = Clock.systemUTC();
    private final DynamoDbJobStore jobs =
            new DynamoDbJobStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.EVENTS_TABLE, clock);
    private final DynamoDbChunkStore chunks =
            new DynamoDbChunkStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.FAILURES_TABLE);

    @Test
    void aJobOfManyChunksPlansDispatchesAndMergesWithinEveryTimeout() {
        BatchJob job = SampleJobs.withStatus("acct_scale_" + Ids.random(6), clock.instant(), JobStatus.IN_PROGRESS);
        jobs.create(job);
        List<ChunkState> plan = new ArrayList<>();
        for (int i = 0; i < CHUNKS; i++) {
            plan.add(ChunkState.planned(job.id(), i, new ChunkRange(i * 100L, (i + 1) * 100L, i, 1, i + 1L)));
        }
        String queueUrl = LocalClients.sqs()
                .createQueue(b -> b.queueName("scale-" + Ids.random(10) + ".fifo")
                        .attributesWithStrings(Map.of("FifoQueue", "true")))
                .queueUrl();
        try {
            long t0 = System.nanoTime();
            chunks.plan(job.id(), plan);
            long t1 = System.nanoTime();
            // A retried Prepare: what is there is read, nothing is written again.
            chunks.plan(job.id(), plan);
            long t2 = System.nanoTime();
            AtomicReference<String> token = new AtomicReference<>();
            new DispatchChunks(chunks, new SqsChunkQueue(LocalClients.sqs(), queueUrl), token::set)
                    .dispatch(job.accountId(), job.id(), CHUNKS, "token-1");
            long t3 = System.nanoTime();
            S3ResultStorage storage = new S3ResultStorage(LocalClients.s3(), LocalClients.BUCKET);
            new FinishJob(
                            jobs,
                            chunks,
                            new ResultFiles(storage),
                            new ErrorFiles(
                                    new S3InputStorage(
                                            LocalClients.presigner(), LocalClients.s3(), LocalClients.BUCKET),
                                    new DynamoDbFailureStore(LocalClients.dynamoDb(), LocalClients.FAILURES_TABLE),
                                    storage,
                                    () -> Thread.sleep(50)),
                            clock)
                    .finish(job.accountId(), job.id(), CHUNKS, FinishJob.Ending.CHUNKS_DONE);
            long t4 = System.nanoTime();

            Duration planned = Duration.ofNanos(t1 - t0);
            Duration replanned = Duration.ofNanos(t2 - t1);
            Duration dispatched = Duration.ofNanos(t3 - t2);
            Duration merged = Duration.ofNanos(t4 - t3);
            System.out.printf(
                    "Chunk plan scale: %,d chunks planned in %.1f s (again: %.1f s), dispatched in %.3f s, merged in"
                            + " %.1f s%n",
                    CHUNKS,
                    planned.toMillis() / 1000.0,
                    replanned.toMillis() / 1000.0,
                    dispatched.toMillis() / 1000.0,
                    merged.toMillis() / 1000.0);
            assertThat(chunks.find(job.id(), CHUNKS - 1)).isPresent();
            assertThat(chunks.dispatchedChunks(job.id())).contains(CHUNKS);
            assertThat(visibleMessages(queueUrl)).isEqualTo(1);
            assertThat(jobs.find(job.accountId(), job.id()).orElseThrow().status())
                    .isEqualTo(JobStatus.COMPLETE);
            assertThat(planned.plus(replanned)).isLessThan(PREPARE_TIMEOUT.dividedBy(4));
            assertThat(dispatched).isLessThan(DISPATCH_TIMEOUT.dividedBy(20));
            assertThat(merged).isLessThan(FINISH_TIMEOUT.dividedBy(4));
        } finally {
            LocalClients.sqs().deleteQueue(b -> b.queueUrl(queueUrl));
        }
    }

    private static int visibleMessages(String queueUrl) {
        return Integer.parseInt(LocalClients.sqs()
                .getQueueAttributes(
                        b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
