package dev.batchjobs.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.aws.SqsDeliveryQueue;
import dev.batchjobs.domain.events.DeliverEvents;
import dev.batchjobs.domain.events.Delivery;
import dev.batchjobs.json.Json;
import dev.batchjobs.wiring.Wiring;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The webhook queue → {@link DeliverEvents}. The queue carries two kinds of message: events the bus rule
 * forwards (EventBridge's envelope, the event in {@code detail}) and deliveries waiting for a retry. A message
 * that fails unexpectedly (the store unreachable) is reported and comes back; one that can never work
 * (malformed) is reported too and ends in the dead-letter queue after the queue's receive limit.
 */
public final class WebhookDispatcherHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final DeliverEvents deliver;

    /** For the Lambda runtime: wires everything once from the environment. */
    public WebhookDispatcherHandler() {
        this(Wiring.fromSystemEnvironment().deliverEvents());
    }

    public WebhookDispatcherHandler(DeliverEvents deliver) {
        this.deliver = deliver;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(
                context,
                () -> SqsBatch.process(event, SqsBatch.Order.UNORDERED, "Webhook", record -> {
                    try {
                        handle(record.getBody(), () -> Duration.ofMillis(context.getRemainingTimeInMillis()));
                        return true;
                    } finally {
                        MDC.remove("event_id");
                    }
                }));
    }

    private void handle(String body, Supplier<Duration> remaining) {
        JsonNode root = Json.parseBody(body);
        Optional<Delivery> retry = SqsDeliveryQueue.fromJson(root);
        if (retry.isPresent()) {
            MDC.put("event_id", retry.get().eventId());
            deliver.retry(retry.get(), remaining);
            return;
        }
        JsonNode detail = root.path("detail");
        String accountId = detail.path("account_id").asText("");
        String eventId = detail.path("event").path("id").asText("");
        if (accountId.isEmpty() || eventId.isEmpty()) {
            throw new IllegalArgumentException("The message is neither a bus event nor a delivery");
        }
        MDC.put("event_id", eventId);
        deliver.fanOut(accountId, eventId, remaining);
    }
}
