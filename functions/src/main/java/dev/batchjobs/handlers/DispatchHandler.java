package dev.batchjobs.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.batchjobs.domain.pipeline.DispatchChunks;
import dev.batchjobs.wiring.Wiring;
import java.util.Map;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** The state machine's RunChunks task (waitForTaskToken) → {@link DispatchChunks}. */
public final class DispatchHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final DispatchChunks dispatch;

    /** For the Lambda runtime: wires everything once from the environment. */
    public DispatchHandler() {
        this(Wiring.fromSystemEnvironment().dispatchChunks());
    }

    public DispatchHandler(DispatchChunks dispatch) {
        this.dispatch = dispatch;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            MDC.put("job_id", PipelineEvents.text(input, "job_id"));
            dispatch.dispatch(
                    PipelineEvents.text(input, "account_id"),
                    PipelineEvents.text(input, "job_id"),
                    (int) PipelineEvents.number(input, "chunk_count"),
                    PipelineEvents.text(input, "task_token"));
            return Map.of("dispatched", true);
        });
    }
}
