package dev.batchjobs.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.batchjobs.api.BatchJobsApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a SnapStart snapshot of the API function should already hold: before Lambda takes it, a few requests run
 * the whole path of a real one (the API Gateway event, the router, authentication, both error envelopes, Jackson
 * both ways, the response event) and stop at authentication, so no AWS resource is touched and no credential is
 * used. The wiring has built the SDK clients and presigner by then (building them calls nothing), so their classes
 * are loaded too.
 *
 * <p>After a restore nothing needs refreshing: the clock is read on every call, the SDK credentials are resolved
 * only at the first real call (after the restore, with the restored sandbox's credentials), no connection was
 * opened before the snapshot, and identifiers come from {@code SecureRandom}, which Lambda's Java runtime reseeds.
 */
public final class ApiPriming implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(ApiPriming.class);
    /** CRaC may hold resources weakly; these stay as long as the process. */
    private static final List<ApiPriming> REGISTERED = new ArrayList<>();

    private final BatchJobsApi api;

    ApiPriming(BatchJobsApi api) {
        this.api = api;
    }

    /** Primes {@code api} before every checkpoint of this process (on Lambda: the SnapStart snapshot). */
    static synchronized void register(BatchJobsApi api) {
        ApiPriming priming = new ApiPriming(api);
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        List<Integer> statuses = prime();
        LOG.info("Primed the API before the snapshot: {}", statuses);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        LOG.info("Restored from the snapshot");
    }

    /** The priming requests' statuses: each a 401 (or 400) answered without a store, a bucket or a key. */
    List<Integer> prime() {
        List<Integer> statuses = new ArrayList<>();
        statuses.add(send("GET", "/v2/core/batch_jobs", Map.of(), null));
        statuses.add(send(
                "POST",
                "/v2/core/batch_jobs",
                Map.of("authorization", "Bearer not-a-key", "content-type", "application/json"),
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}, \"maximum_rps\": 10,"
                        + " \"metadata\": {\"primed\": \"true\"}}"));
        statuses.add(send("GET", "/api/v1/batch-jobs", Map.of("authorization", "Bearer not-a-key"), null));
        return statuses;
    }

    private int send(String method, String path, Map<String, String> headers, String body) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withHeaders(headers)
                .withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("priming")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(path)
                                .build())
                        .build())
                .build();
        APIGatewayV2HTTPResponse response = HttpEvents.toResponse(api.handle(HttpEvents.toRequest(event, null)));
        return response.getStatusCode();
    }
}
