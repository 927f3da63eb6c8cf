package dev.batchjobs.local;

import dev.batchjobs.handlers.ApiHandler;
import dev.batchjobs.handlers.BeginHandler;
import dev.batchjobs.handlers.ChunkDeadLetterHandler;
import dev.batchjobs.handlers.ChunkWorkerHandler;
import dev.batchjobs.handlers.DispatchHandler;
import dev.batchjobs.handlers.FailHandler;
import dev.batchjobs.handlers.FinishHandler;
import dev.batchjobs.handlers.PrepareHandler;
import dev.batchjobs.handlers.SweeperHandler;
import dev.batchjobs.handlers.WebhookDispatcherHandler;
import dev.batchjobs.wiring.Wiring;
import java.util.Map;
import java.util.function.Function;

/**
 * The template's handler classes, each built from one function's wiring, as the Lambda runtime would build it
 * with the no-arg constructor from that function's environment. The table lives here, not in the product's
 * wiring, because only the local cloud builds a handler from a class name.
 */
final class LocalFunctions {
    private static final Map<String, Function<Wiring, Object>> HANDLERS = Map.of(
            ApiHandler.class.getName(), wiring -> new ApiHandler(wiring.batchJobsApi()),
            ChunkWorkerHandler.class.getName(),
                    wiring -> new ChunkWorkerHandler(wiring.processChunkMessage(), wiring.chunkQueue()::redeliverAfter),
            ChunkDeadLetterHandler.class.getName(),
                    wiring -> new ChunkDeadLetterHandler(wiring.failDeadLetteredChunk()),
            BeginHandler.class.getName(), wiring -> new BeginHandler(wiring.beginProcessing()),
            PrepareHandler.class.getName(), wiring -> new PrepareHandler(wiring.prepareInput()),
            DispatchHandler.class.getName(), wiring -> new DispatchHandler(wiring.dispatchChunks()),
            FinishHandler.class.getName(), wiring -> new FinishHandler(wiring.finishJob()),
            FailHandler.class.getName(), wiring -> new FailHandler(wiring.finishJob()),
            SweeperHandler.class.getName(), wiring -> new SweeperHandler(wiring.sweepJobs()),
            WebhookDispatcherHandler.class.getName(), wiring -> new WebhookDispatcherHandler(wiring.deliverEvents()));

    private LocalFunctions() {}

    /** A new instance of a handler class that template.yaml names, wired from {@code wiring}'s environment. */
    static Object newHandler(Wiring wiring, String handlerClassName) {
        Function<Wiring, Object> factory = HANDLERS.get(handlerClassName);
        if (factory == null) {
            throw new IllegalArgumentException("No handler class " + handlerClassName + " in this build");
        }
        return factory.apply(wiring);
    }
}
