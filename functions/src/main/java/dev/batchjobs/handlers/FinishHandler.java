package dev.batchjobs.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.pipeline.FinishJob;
import dev.batchjobs.wiring.Wiring;
import java.util.Map;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** The state machine's Finish and TimedOut tasks → {@link FinishJob#finish}. */
public final class FinishHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final FinishJob finish;

    /** For the Lambda runtime: wires everything once from the environment. */
    public FinishHandler() {
        this(Wiring.fromSystemEnvironment().finishJob());
    }

    public FinishHandler(FinishJob finish) {
        this.finish = finish;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            MDC.put("job_id", PipelineEvents.text(input, "job_id"));
            String status = finish.finish(
                            PipelineEvents.text(input, "account_id"),
                            PipelineEvents.text(input, "job_id"),
                            (int) PipelineEvents.number(input, "chunk_count"),
                            FinishJob.Ending.valueOf(PipelineEvents.text(input, "ending")))
                    .map(BatchJob::status)
                    .map(Object::toString)
                    .orElse("missing");
            return Map.of("status", status);
        });
    }
}
