package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.batchjobs.aws.DynamoDbFailureStore;
import dev.batchjobs.aws.S3InputStorage;
import dev.batchjobs.aws.S3ResultStorage;
import dev.batchjobs.aws.SqsChunkQueue;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Ids;
import dev.batchjobs.domain.JobConflictException;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.chunks.ProcessChunkMessage;
import dev.batchjobs.domain.pipeline.DispatchChunks;
import dev.batchjobs.domain.pipeline.ErrorFiles;
import dev.batchjobs.domain.pipeline.FinishJob;
import dev.batchjobs.local.SharedLocalCloud;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A job's chunks as a chain (issue 18): dispatch queues the first chunk's message, a worker runs that chunk and the next
 * ones while it has time and queues the message of the one after the last it finished, so a job holds one message of the queue whatever its size, and a cancel ends it within seconds
 * (nothing is queued to drain). Real DynamoDB Local, ElasticMQ FIFO queue, S3Proxy and the sandbox target; the loop
 * below stands in for Lambda's event source and the state machine (the token's arrival runs Finish).
 */
class ChunkChainIT {
    private final Clock clock = Clock.systemUTC();

    /** The job's chunks through the chain, a message at a time, until the state machine is told. */
    private final class Chain {
        final WorkerFixture fixture;
        final String queueUrl;
        final AtomicReference<String> token = new AtomicReference<>();
        final AtomicInteger deepest = new AtomicInteger();
        final ProcessChunkMessage worker;
        final FinishJob finish;

        Chain(int chunks) {
            fixture = new WorkerFixture(SharedLocalCloud.get().sandbox(), chunks, 1_000, 1);
            queueUrl = LocalClients.sqs()
                    .createQueue(b -> b.queueName("chain-" + Ids.random(10) + ".fifo")
                            .attributesWithStrings(Map.of("FifoQueue", "true", "VisibilityTimeout", "60")))
                    .queueUrl();
            SqsChunkQueue queue = new SqsChunkQueue(LocalClients.sqs(), queueUrl);
            worker = new ProcessChunkMessage(fixture.runChunk, fixture.chunks, queue, token::set);
            S3ResultStorage storage = new S3ResultStorage(LocalClients.s3(), LocalClients.BUCKET);
            finish = new FinishJob(
                    fixture.jobs,
                    fixture.chunks,
                    fixture.results,
                    new ErrorFiles(
                            new S3InputStorage(LocalClients.presigner(), LocalClients.s3(), LocalClients.BUCKET),
                            new DynamoDbFailureStore(LocalClients.dynamoDb(), LocalClients.FAILURES_TABLE),
                            storage,
                            () -> Thread.sleep(50)),
                    clock);
            new DispatchChunks(fixture.chunks, queue, token::set)
                    .dispatch(fixture.job.accountId(), fixture.job.id(), fixture.chunkCount, "token-1");
        }

        /** Runs messages until the token comes back or {@code stopAfter} chunks ran; true when the token came. */
        boolean run(int stopAfter, Duration within) throws InterruptedException {
            Instant deadline = Instant.now().plus(within);
            for (int ran = 0; token.get() == null && ran < stopAfter; ) {
                assertThat(Instant.now()).as("the chain moves on").isBefore(deadline);
                deepest.accumulateAndGet(depth(), Math::max);
                List<Message> received = LocalClients.sqs()
                        .receiveMessage(b ->
                                b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages();
                for (Message message : received) {
                    ChunkMessage chunk = SqsChunkQueue.decode(message.body());
                    worker.handle(chunk, () -> Duration.ofMinutes(10));
                    LocalClients.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                    ran++;
                }
            }
            return token.get() != null;
        }

        int depth() {
            Map<QueueAttributeName, String> attributes = LocalClients.sqs()
                    .getQueueAttributes(b -> b.queueUrl(queueUrl)
                            .attributeNames(
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes();
            return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        }

        BatchJob job() {
            return fixture.jobs.find(fixture.job.accountId(), fixture.job.id()).orElseThrow();
        }

        void close() {
            LocalClients.sqs().deleteQueue(b -> b.queueUrl(queueUrl));
        }
    }

    @Test
    void aJobHoldsOneMessageOfTheQueueAndEveryChunkRunsOnceInOrder() throws InterruptedException {
        Chain chain = new Chain(200);
        try {
            assertThat(chain.depth()).isEqualTo(1);

            assertThat(chain.run(Integer.MAX_VALUE, Duration.ofMinutes(3))).isTrue();

            assertThat(chain.deepest.get()).isEqualTo(1);
            assertThat(chain.job().counts().processed()).isEqualTo(200);
            chain.finish.finish(
                    chain.fixture.job.accountId(), chain.fixture.job.id(), 200, FinishJob.Ending.CHUNKS_DONE);
            BatchJob done = chain.job();
            assertThat(done.status()).isEqualTo(JobStatus.COMPLETE);
            assertThat(done.counts().succeeded()).isEqualTo(180);
            assertThat(done.counts().failed()).isEqualTo(20);
        } finally {
            chain.close();
        }
    }

    @Test
    void aThousandChunkJobCancelledMidRunEndsCanceledWithinTenSeconds() throws Exception {
        Chain chain = new Chain(1_000);
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            // One invocation runs the chunks one after the other; the cancel comes while it does.
            Future<Boolean> tokenCame = worker.submit(() -> chain.run(Integer.MAX_VALUE, Duration.ofMinutes(2)));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> chain.job().counts().processed() >= 5);
            Instant cancelled = Instant.now();
            cancel(chain);

            // The run meets the cancel, settles the chunk it was in and sends the token back.
            assertThat(tokenCame.get(10, TimeUnit.SECONDS)).isTrue();
            chain.finish.finish(
                    chain.fixture.job.accountId(), chain.fixture.job.id(), 1_000, FinishJob.Ending.CHUNKS_DONE);

            BatchJob ended = chain.job();
            assertThat(ended.status()).isEqualTo(JobStatus.CANCELED);
            assertThat(Duration.between(cancelled, Instant.now())).isLessThan(Duration.ofSeconds(10));
            assertThat(ended.counts().processed()).isBetween(5L, 999L);
            assertThat(chain.depth()).isZero();
        } finally {
            worker.shutdownNow();
            chain.close();
        }
    }

    /** Cancels the job, again if a checkpoint moved it first. */
    private static void cancel(Chain chain) {
        for (int attempt = 0; ; attempt++) {
            BatchJob running = chain.job();
            try {
                chain.fixture.jobs.update(running, running.cancel(Instant.now()).orElseThrow());
                return;
            } catch (JobConflictException moved) {
                assertThat(attempt).as("the cancel gets through").isLessThan(20);
            }
        }
    }
}
