package dev.batchjobs.handlers;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partial-batch loop of the SQS handlers ({@code ReportBatchItemFailures}): every message is handled on its
 * own and a failed one is reported by id, so only it comes back. On a FIFO queue every message after a failed
 * one is reported too, unhandled, so that a message group keeps its order.
 */
final class SqsBatch {
    private static final Logger LOG = LoggerFactory.getLogger(SqsBatch.class);

    enum Order {
        FIFO,
        UNORDERED
    }

    /** Handles one message; false reports it failed (the handler has said why), an exception too (logged here). */
    @FunctionalInterface
    interface MessageHandler {
        boolean handle(SQSEvent.SQSMessage message) throws InterruptedException;
    }

    /** Told of each message that was handled and failed (not of those skipped after a failure on a FIFO queue). */
    @FunctionalInterface
    interface FailureHook {
        void failed(SQSEvent.SQSMessage message);
    }

    private SqsBatch() {}

    static SQSBatchResponse process(SQSEvent event, Order order, String kind, MessageHandler handler) {
        return process(event, order, kind, handler, message -> {});
    }

    static SQSBatchResponse process(
            SQSEvent event, Order order, String kind, MessageHandler handler, FailureHook onFailure) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            if (order == Order.FIFO && !failures.isEmpty()) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                continue;
            }
            boolean handled;
            try {
                handled = handler.handle(message);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handled = false;
            } catch (RuntimeException e) {
                LOG.error("{} message {} failed; it will be delivered again", kind, message.getMessageId(), e);
                handled = false;
            }
            if (!handled) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                onFailure.failed(message);
            }
        }
        return new SQSBatchResponse(failures);
    }
}
