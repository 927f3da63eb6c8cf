package dev.batchjobs.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.batchjobs.api.BatchJobsApi;
import dev.batchjobs.wiring.Wiring;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** API Gateway HTTP API (payload 2.0) → {@link BatchJobsApi}. */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final BatchJobsApi api;

    /** For the Lambda runtime: wires everything once from the environment, primed for SnapStart's snapshot. */
    public ApiHandler() {
        this(Wiring.fromSystemEnvironment().batchJobsApi());
        ApiPriming.register(api);
    }

    public ApiHandler(BatchJobsApi api) {
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return PowertoolsLogging.withLogging(
                context, () -> HttpEvents.toResponse(api.handle(HttpEvents.toRequest(event, context))));
    }
}
