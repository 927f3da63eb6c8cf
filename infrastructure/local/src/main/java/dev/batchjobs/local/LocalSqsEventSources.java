package dev.batchjobs.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Lambda's SQS event source mapping, for the template's {@code SQS} events: long-polls the queue, invokes the
 * function with up to {@code BatchSize} messages, and deletes the messages that succeeded — all of them, or,
 * with {@code ReportBatchItemFailures}, all but the ones the function reported. A message that failed comes
 * back after its visibility timeout and goes to the dead-letter queue after {@code maxReceiveCount} tries,
 * as on AWS; a FIFO queue hands one job's messages out one at a time.
 */
final class LocalSqsEventSources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSqsEventSources.class);

    /** One mapping: a queue, a function, a batch size, and whether failures are reported per message. */
    record Mapping(
            String functionName,
            Object handler,
            String queueUrl,
            String queueArn,
            int batchSize,
            boolean reportsItemFailures,
            int memoryMb,
            int timeoutSeconds,
            int pollers) {}

    private final ExecutorService executor;
    private volatile boolean running = true;

    private LocalSqsEventSources(ExecutorService executor) {
        this.executor = executor;
    }

    static LocalSqsEventSources start(SqsClient sqs, List<Mapping> mappings) {
        int threads = Math.max(1, mappings.stream().mapToInt(Mapping::pollers).sum());
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "local-sqs-event-source");
            thread.setDaemon(true);
            return thread;
        });
        LocalSqsEventSources sources = new LocalSqsEventSources(executor);
        for (Mapping mapping : mappings) {
            for (int i = 0; i < mapping.pollers(); i++) {
                executor.submit(() -> sources.poll(sqs, mapping));
            }
        }
        return sources;
    }

    private void poll(SqsClient sqs, Mapping mapping) {
        @SuppressWarnings("unchecked")
        RequestHandler<SQSEvent, Object> handler = (RequestHandler<SQSEvent, Object>) mapping.handler();
        while (running) {
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(b -> b.queueUrl(mapping.queueUrl())
                                .maxNumberOfMessages(mapping.batchSize())
                                .waitTimeSeconds(1)
                                .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                        .messages();
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("Polling {} failed: {}", mapping.queueUrl(), e.toString());
                }
                continue;
            }
            if (messages.isEmpty()) {
                continue;
            }
            Set<String> failed = new HashSet<>();
            try {
                Object response = handler.handleRequest(
                        event(messages, mapping),
                        new LocalContext(mapping.functionName(), mapping.memoryMb(), mapping.timeoutSeconds()));
                if (mapping.reportsItemFailures()
                        && response instanceof SQSBatchResponse batch
                        && batch.getBatchItemFailures() != null) {
                    batch.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
                }
            } catch (RuntimeException e) {
                LOG.error(
                        "Function {} failed on {} messages; they will be delivered again",
                        mapping.functionName(),
                        messages.size(),
                        e);
                continue;
            }
            for (Message message : messages) {
                if (!failed.contains(message.messageId())) {
                    sqs.deleteMessage(b -> b.queueUrl(mapping.queueUrl()).receiptHandle(message.receiptHandle()));
                }
            }
        }
    }

    private static SQSEvent event(List<Message> messages, Mapping mapping) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            Map<String, String> attributes = new HashMap<>();
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.setAttributes(attributes);
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(mapping.queueArn());
            record.setAwsRegion(LocalAws.REGION);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        executor.shutdown();
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
