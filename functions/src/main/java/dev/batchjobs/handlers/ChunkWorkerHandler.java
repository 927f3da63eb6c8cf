package dev.batchjobs.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.batchjobs.aws.SqsChunkQueue;
import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.chunks.ProcessChunkMessage;
import dev.batchjobs.wiring.Wiring;
import java.time.Duration;
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

    private final ProcessChunkMessage work;

    /** For the Lambda runtime: wires everything once from the environment. */
    public ChunkWorkerHandler() {
        this(Wiring.fromSystemEnvironment().processChunkMessage());
    }

    public ChunkWorkerHandler(ProcessChunkMessage work) {
        this.work = work;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> SqsBatch.process(event, SqsBatch.Order.FIFO, "Chunk", record -> {
            ChunkMessage message;
            try {
                message = SqsChunkQueue.decode(record.getBody());
            } catch (IllegalArgumentException malformed) {
                // Never going to work: reported, so that after maxReceiveCount it rests in the dead-letter queue.
                LOG.warn("Message {} is not a chunk message; it goes to the dead-letter queue", record.getMessageId());
                return false;
            }
            MDC.put("job_id", message.jobId());
            try {
                work.handle(message, () -> Duration.ofMillis(context.getRemainingTimeInMillis()));
                return true;
            } finally {
                MDC.remove("job_id");
            }
        }));
    }
}
