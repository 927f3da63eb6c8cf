package dev.batchjobs.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.batchjobs.domain.pipeline.PrepareInput;
import dev.batchjobs.wiring.Wiring;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** The state machine's Prepare task → {@link PrepareInput}: validate or plan the upload in one pass. */
public final class PrepareHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final PrepareInput prepare;

    /** For the Lambda runtime: wires everything once from the environment. */
    public PrepareHandler() {
        this(Wiring.fromSystemEnvironment().prepareInput());
    }

    public PrepareHandler(PrepareInput prepare) {
        this.prepare = prepare;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            MDC.put("job_id", PipelineEvents.text(input, "job_id"));
            PrepareInput.Prepared prepared = prepare.prepare(
                    PipelineEvents.text(input, "account_id"),
                    PipelineEvents.text(input, "job_id"),
                    PipelineEvents.number(input, "input_size"));
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("proceed", prepared.proceed());
            output.put("chunkCount", prepared.chunkCount());
            output.put("totalRows", prepared.totalRows());
            output.put("reason", prepared.reason());
            return output;
        });
    }
}
