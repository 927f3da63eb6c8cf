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
import java.util.ArrayList;
import java.util.List;
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
        return PowertoolsLogging.withLogging(context, () -> {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (SQSEvent.SQSMessage record : event.getRecords()) {
                if (!failures.isEmpty()) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                    continue;
                }
                ChunkMessage message;
                try {
                    message = SqsChunkQueue.decode(record.getBody());
                } catch (IllegalArgumentException malformed) {
                    // Never going to work: reported, so that after maxReceiveCount it rests in the dead-letter queue.
                    LOG.warn("Message {} is not a chunk message; it goes to the dead-letter queue", record.getMessageId());
                    failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                    continue;
                }
                try {
                    MDC.put("job_id", message.jobId());
                    work.handle(message, () -> Duration.ofMillis(context.getRemainingTimeInMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                } catch (RuntimeException e) {
                    LOG.error("Chunk message {} failed; it will be delivered again", record.getMessageId(), e);
                    failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                } finally {
                    MDC.remove("job_id");
                }
            }
            return new SQSBatchResponse(failures);
        });
    }
}
