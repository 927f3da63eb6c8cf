package dev.batchjobs.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.pipeline.FinishJob;
import dev.batchjobs.domain.pipeline.UploadedInput;
import dev.batchjobs.wiring.Wiring;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The state machine's BatchFailed task → {@link FinishJob#fail}. The client reads the error's name only; its
 * cause (which may hold a stack trace) goes to the logs, never into the job.
 */
public final class FailHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(FailHandler.class);

    private final FinishJob finish;

    /** For the Lambda runtime: wires everything once from the environment. */
    public FailHandler() {
        this(Wiring.fromSystemEnvironment().finishJob());
    }

    public FailHandler(FinishJob finish) {
        this.finish = finish;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            // After Begin failed only the upload's key names the job (its key is inputs/ACCOUNT/JOB/input).
            Optional<UploadedInput> upload = input.containsKey("job_id")
                    ? Optional.empty()
                    : UploadedInput.fromKey(PipelineEvents.text(input, "key"), 0);
            String jobId = upload.map(UploadedInput::jobId).orElseGet(() -> PipelineEvents.text(input, "job_id"));
            String accountId =
                    upload.map(UploadedInput::accountId).orElseGet(() -> PipelineEvents.text(input, "account_id"));
            MDC.put("job_id", jobId);
            Object error = input.get("error");
            String name = error instanceof Map<?, ?> map && map.get("Error") != null
                    ? String.valueOf(map.get("Error"))
                    : "Unknown";
            LOG.error("Batch job failed in the pipeline: {}", error);
            String status = finish.fail(
                            accountId,
                            jobId,
                            "The batch job failed because of an internal error (" + name
                                    + "). Create a new batch job to retry.")
                    .map(BatchJob::status)
                    .map(Object::toString)
                    .orElse("missing");
            return Map.of("status", status);
        });
    }
}
