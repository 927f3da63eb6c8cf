package dev.batchjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.ApiKeyService;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.JobService;
import dev.batchjobs.domain.events.DestinationService;
import dev.batchjobs.domain.events.EventStore;
import dev.batchjobs.domain.events.PingDestination;
import dev.batchjobs.domain.failures.FailureQueries;
import dev.batchjobs.domain.pipeline.ResultsSoFar;
import dev.batchjobs.domain.pipeline.RetryJobs;
import dev.batchjobs.domain.pipeline.SteerJobs;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Stripe-compatible HTTP API: authenticates every request, checks the version header, routes it to the
 * resource that serves it, and encodes results and errors; paths under {@link MeteroidApi#PREFIX} go to the
 * Meteroid surface. Knows nothing of what carried the request.
 */
public final class BatchJobsApi {
    private static final Logger LOG = LoggerFactory.getLogger(BatchJobsApi.class);
    private static final ErrorMapper ERRORS = new StripeErrors();

    private final ApiKeyService apiKeys;
    private final JobsResource jobs;
    private final SteeringResource steering;
    private final FailuresResource failures;
    private final DestinationsResource destinations;
    private final EventsResource events;
    private final MeteroidApi meteroid;

    /** @param jobTypes the Meteroid job types of the endpoint registry */
    public BatchJobsApi(
            ApiKeyService apiKeys,
            JobService jobs,
            InputStorage storage,
            Duration downloadUrlTtl,
            DestinationService destinations,
            PingDestination ping,
            EventStore events,
            FailureQueries failures,
            Set<String> jobTypes,
            SteerJobs steer,
            RetryJobs retries,
            ResultsSoFar results) {
        this.apiKeys = apiKeys;
        JobJson jobJson = new JobJson(storage, downloadUrlTtl, steer.clock());
        this.jobs = new JobsResource(jobs, jobJson);
        this.steering = new SteeringResource(steer, retries, results, jobJson);
        this.failures = new FailuresResource(failures);
        this.destinations = new DestinationsResource(destinations, ping);
        this.events = new EventsResource(events);
        this.meteroid = new MeteroidApi(apiKeys, jobs, failures, jobTypes, jobJson);
    }

    /** The route keys this API serves, as API Gateway spells them ({@code GET /v2/core/batch_jobs/{id}}). */
    public static List<String> routeKeys() {
        return Stream.of(
                        Arrays.stream(Route.values()).map(Route::routeKey),
                        MeteroidApi.routeKeys().stream(),
                        PublicResources.routeKeys().stream(),
                        DashboardResources.routeKeys().stream())
                .flatMap(keys -> keys)
                .toList();
    }

    public ApiResponse handle(ApiRequest request) {
        String requestId = "req_" + request.requestId().replaceAll("[^A-Za-z0-9]", "");
        long started = System.nanoTime();
        MDC.put("request_id", requestId);
        int status = 500;
        try {
            // The health check, the OpenAPI document and the dashboard's static files are the only routes served
            // without a key; none of them holds data.
            ApiResponse response = PublicResources.serve(request, requestId)
                    .or(() -> DashboardResources.serve(request, requestId))
                    .orElseGet(() -> request.path().startsWith(MeteroidApi.PREFIX)
                            ? meteroid.handle(request, requestId)
                            : dispatch(request, requestId));
            status = response.status();
            return response;
        } catch (RuntimeException error) {
            ErrorMapper.MappedError mapped = ERRORS.map(error, request, requestId);
            status = mapped.status();
            return respond(status, mapped.body(), requestId, request);
        } finally {
            LOG.info(
                    "{} {} -> {} in {} ms",
                    request.method(),
                    request.path(),
                    status,
                    (System.nanoTime() - started) / 1_000_000);
            MDC.remove("job_id");
            MDC.remove("account_id");
            MDC.remove("request_id");
        }
    }

    private ApiResponse dispatch(ApiRequest request, String requestId) {
        Caller caller = apiKeys.authenticate(Http.bearerToken(request));
        MDC.put("account_id", caller.accountId());

        Route route = null;
        String id = null;
        boolean pathKnown = false;
        for (Route candidate : Route.values()) {
            Optional<String> captured = candidate.match(request.path());
            if (captured.isPresent()) {
                pathKnown = true;
                if (candidate.method().equals(request.method())) {
                    route = candidate;
                    id = captured.get();
                    break;
                }
            }
        }
        if (route == null) {
            throw pathKnown
                    ? ApiException.methodNotAllowed(request.method(), request.path())
                    : ApiException.unrecognizedUrl(request.method(), request.path());
        }
        StripeVersions.check(request.header("stripe-version").orElse(null));
        if (!id.isEmpty()) {
            MDC.put("job_id", id);
        }
        JsonNode result = switch (route) {
            case CREATE_JOB -> jobs.create(caller, request);
            case LIST_JOBS -> jobs.list(caller, request);
            case RETRIEVE_JOB -> jobs.retrieve(caller, id, request);
            case UPDATE_JOB -> jobs.update(caller, id, request);
            case CANCEL_JOB -> steering.cancel(caller, id, request);
            case PAUSE_JOB -> steering.pause(caller, id, request);
            case RESUME_JOB -> steering.resume(caller, id, request);
            case RETRY_JOB -> steering.retry(caller, id, request);
            case JOB_RESULTS -> steering.results(caller, id, request);
            case LIST_JOB_FAILURES -> failures.list(caller, id, request);
            case CREATE_DESTINATION -> destinations.create(caller, request);
            case LIST_DESTINATIONS -> destinations.list(caller, request);
            case RETRIEVE_DESTINATION -> destinations.retrieve(caller, id, request);
            case UPDATE_DESTINATION -> destinations.update(caller, id, request);
            case DELETE_DESTINATION -> destinations.delete(caller, id, request);
            case ENABLE_DESTINATION, DISABLE_DESTINATION ->
                destinations.enable(caller, id, route == Route.ENABLE_DESTINATION, request);
            case ROTATE_DESTINATION_SECRET -> destinations.rotateSecret(caller, id, request);
            case PING_DESTINATION -> destinations.ping(caller, id, request);
            case LIST_EVENTS -> events.list(caller, request);
            case RETRIEVE_EVENT -> events.retrieve(caller, id, request);
        };
        return respond(200, result, requestId, request);
    }

    private static ApiResponse respond(int status, JsonNode body, String requestId, ApiRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.header("stripe-version")
                .filter(v -> !v.isBlank() && v.length() <= 64)
                .ifPresent(v -> headers.put("Stripe-Version", v));
        if (status == 405) {
            headers.put(
                    "Allow",
                    Arrays.stream(Route.values())
                            .filter(r -> r.match(request.path()).isPresent())
                            .map(Route::method)
                            .distinct()
                            .collect(Collectors.joining(", ")));
        }
        return Http.json(status, body, requestId, headers);
    }
}
