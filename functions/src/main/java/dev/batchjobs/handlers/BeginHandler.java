package dev.batchjobs.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.batchjobs.domain.pipeline.BeginProcessing;
import dev.batchjobs.domain.pipeline.BeginResult;
import dev.batchjobs.wiring.Wiring;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** The state machine's first task: the S3 "Object Created" event → {@link BeginProcessing}. */
public final class BeginHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final BeginProcessing begin;

    /** For the Lambda runtime: wires everything once from the environment. */
    public BeginHandler() {
        this(Wiring.fromSystemEnvironment().beginProcessing());
    }

    public BeginHandler(BeginProcessing begin) {
        this.begin = begin;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            Map<String, Object> object = PipelineEvents.object(PipelineEvents.object(event, "detail"), "object");
            BeginResult result = begin.begin(
                    PipelineEvents.text(object, "key"),
                    PipelineEvents.number(object, "size"),
                    object.containsKey("etag") ? PipelineEvents.text(object, "etag") : null);
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("proceed", result.proceed());
            output.put("accountId", result.accountId());
            output.put("jobId", result.jobId());
            output.put("skipValidation", result.skipValidation());
            output.put("timeoutSeconds", result.timeoutSeconds());
            output.put("reason", result.reason());
            return output;
        });
    }
}
