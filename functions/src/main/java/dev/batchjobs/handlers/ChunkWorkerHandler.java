package dev.batchjobs.handlers;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.batchjobs.aws.SqsChunkQueue;
import dev.batchjobs.domain.chunks.ChunkLane;
import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.chunks.ProcessChunkMessage;
import dev.batchjobs.wiring.Wiring;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * SQS FIFO chunk messages → {@link ProcessChunkMessage}, reporting failures message by message. On a FIFO queue the
 * messages after a failed one are reported failed too, so a job's chunks keep their order.
 */
public final class ChunkWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkWorkerHandler.class);

    /** The first retry of a failed chunk message waits this long, each further one twice as long. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);

    static final Duration LONGEST_RETRY = Duration.ofMinutes(5);

    /**
     * The chunk queue's visibility timeout ({@code template.yaml}): a delivery whose invocation was throttled, or whose
     * worker died, comes back this soon instead of after the worker's whole 15-minute timeout.
     */
    public static final Duration VISIBILITY = Duration.ofMinutes(3);

    /** How often a running worker pushes its message's visibility out to {@link #VISIBILITY} again. */
    public static final Duration HEARTBEAT = Duration.ofMinutes(1);

    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "chunk-message-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    /** Makes a failed message come back after a delay (by its receipt handle, on its lane's queue). */
    @FunctionalInterface
    public interface Redelivery {
        void after(ChunkLane lane, String receiptHandle, Duration delay);
    }

    private final ProcessChunkMessage work;
    private final Redelivery redelivery;

    /** For the Lambda runtime: wires everything once from the environment. */
    public ChunkWorkerHandler() {
        this(
                Wiring.fromSystemEnvironment().processChunkMessage(),
                Wiring.fromSystemEnvironment().chunkQueue()::redeliverAfter);
    }

    public ChunkWorkerHandler(ProcessChunkMessage work, Redelivery redelivery) {
        this.work = work;
        this.redelivery = redelivery;
    }

    /**
     * How long a message that failed on its {@code receiveCount}-th delivery waits before the next: 30 s, 1, 2, 4
     * minutes, then 5. With the queue's five deliveries a chunk that can never work is dead-lettered (and its job
     * ended) about eight minutes after its first try, not after five 90-minute visibility timeouts.
     */
    static Duration retryDelay(int receiveCount) {
        int doublings = Math.min(Math.max(receiveCount, 1) - 1, 10);
        Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
        return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
    }

    private void retryLater(SQSEvent.SQSMessage record) {
        String count =
                record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
        try {
            redelivery.after(
                    SqsChunkQueue.laneOf(record.getBody()),
                    record.getReceiptHandle(),
                    retryDelay(count == null ? 1 : Integer.parseInt(count)));
        } catch (RuntimeException e) {
            // The message still comes back, after the queue's own visibility timeout.
            LOG.warn("Could not shorten the wait of chunk message {}", record.getMessageId(), e);
        }
    }

    /** Keeps the message hidden while its chunk runs; a miss only lets a second worker meet the chunk's versions. */
    private void extend(SQSEvent.SQSMessage record, ChunkLane lane) {
        try {
            redelivery.after(lane, record.getReceiptHandle(), VISIBILITY);
        } catch (RuntimeException e) {
            LOG.warn("Could not extend the visibility of chunk message {}", record.getMessageId(), e);
        }
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(
                context,
                () -> SqsBatch.process(
                        event,
                        SqsBatch.Order.FIFO,
                        "Chunk",
                        record -> {
                            ChunkMessage message;
                            try {
                                message = SqsChunkQueue.decode(record.getBody());
                            } catch (IllegalArgumentException malformed) {
                                // Never going to work: reported, so that after maxReceiveCount it rests in the
                                // dead-letter queue.
                                LOG.warn(
                                        "Message {} is not a chunk message; it goes to the dead-letter queue",
                                        record.getMessageId());
                                return false;
                            }
                            MDC.put("job_id", message.jobId());
                            MDC.put("chunk_lane", message.lane().wireName());
                            ScheduledFuture<?> heartbeat = HEARTBEATS.scheduleAtFixedRate(
                                    () -> extend(record, message.lane()),
                                    HEARTBEAT.toMillis(),
                                    HEARTBEAT.toMillis(),
                                    MILLISECONDS);
                            try {
                                work.handle(message, () -> Duration.ofMillis(context.getRemainingTimeInMillis()));
                                return true;
                            } finally {
                                heartbeat.cancel(false);
                                MDC.remove("job_id");
                                MDC.remove("chunk_lane");
                            }
                        },
                        this::retryLater));
    }
}
