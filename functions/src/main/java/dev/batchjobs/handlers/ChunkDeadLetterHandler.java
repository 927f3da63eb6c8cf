package dev.batchjobs.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.batchjobs.aws.SqsChunkQueue;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.pipeline.FailDeadLetteredChunk;
import dev.batchjobs.wiring.Wiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The chunk dead-letter queue → {@link FailDeadLetteredChunk}: the job of a chunk that failed on every delivery
 * ends {@code batch_failed} within seconds, saying why. Every invocation is a dead-lettered chunk, which is what
 * the template's alarm on this function counts.
 */
public final class ChunkDeadLetterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkDeadLetterHandler.class);

    private final FailDeadLetteredChunk fail;

    /** For the Lambda runtime: wires everything once from the environment. */
    public ChunkDeadLetterHandler() {
        this(Wiring.fromSystemEnvironment().failDeadLetteredChunk());
    }

    public ChunkDeadLetterHandler(FailDeadLetteredChunk fail) {
        this.fail = fail;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(
                context,
                () -> SqsBatch.process(event, SqsBatch.Order.FIFO, "Dead-lettered chunk", record -> {
                    ChunkMessage message;
                    try {
                        message = SqsChunkQueue.decode(record.getBody());
                    } catch (IllegalArgumentException malformed) {
                        // Nothing to end: dropping it is all there is to do, and the log says so.
                        LOG.error("Dead-lettered message {} is not a chunk message; dropped", record.getMessageId());
                        return true;
                    }
                    MDC.put("job_id", message.jobId());
                    try {
                        String status = fail.fail(message)
                                .map(BatchJob::status)
                                .map(Object::toString)
                                .orElse("missing");
                        LOG.error(
                                "Chunk {} of job {} was dead-lettered; the job is {}",
                                message.chunk(),
                                message.jobId(),
                                status);
                        return true;
                    } finally {
                        MDC.remove("job_id");
                    }
                }));
    }
}
