package dev.batchjobs.api;

import dev.batchjobs.json.EventJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.ApiKeyService;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.InvalidCursorException;
import dev.batchjobs.domain.JobPage;
import dev.batchjobs.domain.JobQuery;
import dev.batchjobs.domain.JobService;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.ResourceMissingException;
import dev.batchjobs.domain.events.DestinationService;
import dev.batchjobs.domain.events.EventDestination;
import dev.batchjobs.domain.events.EventPage;
import dev.batchjobs.domain.events.EventQuery;
import dev.batchjobs.domain.events.EventStore;
import dev.batchjobs.domain.failures.FailureQueries;
import dev.batchjobs.domain.failures.FailureRecord;
import java.time.Duration;
import java.util.ArrayList;
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
 * The Stripe-compatible HTTP API: authenticates every request, checks the version header, routes, and
 * encodes results and errors. Knows nothing of what carried the request.
 */
public final class BatchJobsApi {
    private static final Logger LOG = LoggerFactory.getLogger(BatchJobsApi.class);
    private static final Set<String> LIST_PARAMS = Set.of("limit", "page", "status");
    private static final Set<String> EVENT_LIST_PARAMS = Set.of("limit", "page", "object_id");
    private static final Set<String> DESTINATION_LIST_PARAMS = Set.of("limit", "page");

    private final ApiKeyService apiKeys;
    private final JobService jobs;
    private final JobJson jobJson;
    private final DestinationService destinations;
    private final EventStore events;
    private final FailureQueries failures;
    private final MeteroidApi meteroid;

    /** @param jobTypes the Meteroid job types of the endpoint registry */
    public BatchJobsApi(ApiKeyService apiKeys, JobService jobs, InputStorage storage, Duration downloadUrlTtl,
                        DestinationService destinations, EventStore events, FailureQueries failures, Set<String> jobTypes) {
        this.apiKeys = apiKeys;
        this.jobs = jobs;
        this.jobJson = new JobJson(storage, downloadUrlTtl);
        this.destinations = destinations;
        this.events = events;
        this.failures = failures;
        this.meteroid = new MeteroidApi(apiKeys, jobs, failures, jobTypes, jobJson);
    }

    /** The route keys this API serves, as API Gateway spells them ({@code GET /v2/core/batch_jobs/{id}}). */
    public static List<String> routeKeys() {
        return Stream.concat(Arrays.stream(Route.values()).map(Route::routeKey), MeteroidApi.routeKeys().stream()).toList();
    }

    public ApiResponse handle(ApiRequest request) {
        String requestId = "req_" + request.requestId().replaceAll("[^A-Za-z0-9]", "");
        long started = System.nanoTime();
        MDC.put("request_id", requestId);
        int status = 500;
        try {
            ApiResponse response = request.path().startsWith(MeteroidApi.PREFIX)
                    ? meteroid.handle(request, requestId) : dispatch(request, requestId);
            status = response.status();
            return response;
        } catch (RuntimeException error) {
            ErrorResponses.Problem problem = ErrorResponses.of(error, requestId);
            status = problem.status();
            if (status >= 500) {
                LOG.error("Unexpected failure serving {} {}", request.method(), request.path(), error);
            }
            return respond(status, ErrorResponses.body(problem), requestId, request);
        } finally {
            LOG.info("{} {} -> {} in {} ms", request.method(), request.path(), status,
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
            throw pathKnown ? ApiException.methodNotAllowed(request.method(), request.path())
                    : ApiException.unrecognizedUrl(request.method(), request.path());
        }
        if (request.header("stripe-version").filter(v -> !v.isBlank()).isEmpty()) {
            throw ApiException.versionNotProvided();
        }
        if (!id.isEmpty()) {
            MDC.put("job_id", id);
        }
        JsonNode result = switch (route) {
            case CREATE_JOB -> create(caller, request);
            case LIST_JOBS -> list(caller, request);
            case RETRIEVE_JOB -> {
                QueryParams.of(request).none();
                yield jobJson.write(jobs.retrieve(caller, id));
            }
            case CANCEL_JOB -> {
                Http.requireEmptyBody(request);
                yield jobJson.write(jobs.cancel(caller, id));
            }
            case CREATE_DESTINATION -> DestinationJson.write(
                    destinations.create(caller, DestinationRequestParser.create(Http.jsonBody(request))), true);
            case LIST_DESTINATIONS -> listDestinations(caller, request);
            case RETRIEVE_DESTINATION -> {
                QueryParams.of(request).none();
                yield DestinationJson.write(destinations.retrieve(caller, id), false);
            }
            case UPDATE_DESTINATION -> DestinationJson.write(
                    destinations.update(caller, id, DestinationRequestParser.update(Http.jsonBody(request))), false);
            case DELETE_DESTINATION -> {
                QueryParams.of(request).none();
                destinations.delete(caller, id);
                yield DestinationJson.deleted(id);
            }
            case ENABLE_DESTINATION, DISABLE_DESTINATION -> {
                Http.requireEmptyBody(request);
                yield DestinationJson.write(destinations.enable(caller, id, route == Route.ENABLE_DESTINATION), false);
            }
            case ROTATE_DESTINATION_SECRET -> DestinationJson.write(
                    destinations.rotateSecret(caller, id, DestinationRequestParser.rotate(Http.jsonBody(request))), true);
            case LIST_EVENTS -> listEvents(caller, request);
            case LIST_JOB_FAILURES -> listFailures(caller, id, request);
            case RETRIEVE_EVENT -> {
                QueryParams.of(request).none();
                String eventId = id;
                yield EventJson.write(events.find(caller.accountId(), eventId)
                        .orElseThrow(() -> new ResourceMissingException("v2.core.event", eventId)));
            }
        };
        return respond(200, result, requestId, request);
    }

    private JsonNode create(Caller caller, ApiRequest request) {
        JsonNode body = Http.jsonBody(request);
        BatchJob job = jobs.create(caller, CreateJobRequestParser.parse(body), request.header("idempotency-key"));
        MDC.put("job_id", job.id());
        return jobJson.write(job);
    }

    private JsonNode list(Caller caller, ApiRequest request) {
        QueryParams query = QueryParams.of(request).only(LIST_PARAMS);
        int limit = query.limit();
        Set<JobStatus> statuses = query.enums("status", JobStatus.class, JobStatus::wireName);
        Optional<String> cursor = query.single("page");
        JobPage page = jobs.list(caller, new JobQuery(statuses, limit, cursor));
        return Paging.list(page.jobs().stream().map(jobJson::write).toList(),
                page.nextCursor().map(next -> listUrl(limit, statuses, next)).orElse(null));
    }

    private JsonNode listEvents(Caller caller, ApiRequest request) {
        QueryParams query = QueryParams.of(request).only(EVENT_LIST_PARAMS);
        int limit = query.limit();
        Optional<String> objectId = query.single("object_id");
        EventPage page = events.list(caller.accountId(), new EventQuery(objectId, limit, query.single("page")));
        return Paging.list(page.events().stream().map(EventJson::write).toList(),
                page.nextCursor().map(cursor -> "/v2/core/events?limit=" + limit
                        + objectId.map(o -> "&object_id=" + Paging.encode(o)).orElse("")
                        + "&page=" + Paging.encode(cursor)).orElse(null));
    }

    /** A job's failures, oldest first, paged by a cursor that is the position of the next one. */
    private JsonNode listFailures(Caller caller, String jobId, ApiRequest request) {
        QueryParams query = QueryParams.of(request).only(Set.of("limit", "page", "chunk_id"));
        int limit = query.limit();
        Optional<String> chunkId = query.single("chunk_id");
        Optional<Integer> chunk = chunkId.map(c -> FailureQueries.chunkIndex(jobId, c));
        long offset = query.single("page").map(Paging::position).orElse(0L);
        FailureQueries.Listing listing = failures.list(caller, jobId, chunk, offset, limit);
        List<ObjectNode> data = new ArrayList<>();
        for (FailureRecord failure : listing.failures()) {
            ObjectNode node = MeteroidApi.failure(failure);
            node.put("object", "v2.core.batch_job_failure");
            data.add(node);
        }
        long next = offset + listing.failures().size();
        return Paging.list(data, next < listing.total() && !listing.failures().isEmpty()
                ? "/v2/core/batch_jobs/" + jobId + "/failures?limit=" + limit
                + chunkId.map(c -> "&chunk_id=" + c).orElse("") + "&page=" + Paging.positionToken(next) : null);
    }

    /** An account has at most {@link DestinationService#MAX_PER_ACCOUNT} destinations: they are paged in memory. */
    private JsonNode listDestinations(Caller caller, ApiRequest request) {
        QueryParams query = QueryParams.of(request).only(DESTINATION_LIST_PARAMS);
        int limit = query.limit();
        Optional<String> after = query.single("page").map(Paging::after);
        List<EventDestination> all = destinations.list(caller);
        int start = 0;
        if (after.isPresent()) {
            start = -1;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id().equals(after.get())) {
                    start = i + 1;
                }
            }
            if (start < 0) {
                throw new InvalidCursorException();
            }
        }
        List<EventDestination> page = all.subList(start, Math.min(all.size(), start + limit));
        boolean more = start + limit < all.size();
        return Paging.list(page.stream().map(d -> DestinationJson.write(d, false)).toList(),
                more ? "/v2/core/event_destinations?limit=" + limit + "&page="
                        + Paging.afterToken(page.get(page.size() - 1).id()) : null);
    }

    private static String listUrl(int limit, Set<JobStatus> statuses, String cursor) {
        StringBuilder url = new StringBuilder("/v2/core/batch_jobs?limit=").append(limit);
        statuses.forEach(s -> url.append("&status=").append(s.wireName()));
        url.append("&page=").append(Paging.encode(cursor));
        return url.toString();
    }

    private static ApiResponse respond(int status, JsonNode body, String requestId, ApiRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.header("stripe-version").filter(v -> !v.isBlank() && v.length() <= 64)
                .ifPresent(v -> headers.put("Stripe-Version", v));
        if (status == 405) {
            headers.put("Allow", Arrays.stream(Route.values()).filter(r -> r.match(request.path()).isPresent())
                    .map(Route::method).distinct().collect(Collectors.joining(", ")));
        }
        return Http.json(status, body, requestId, headers);
    }
}
