package dev.batchjobs.api;

import dev.batchjobs.json.EventJson;
import dev.batchjobs.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.ApiKeyService;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.InvalidParameterException;
import dev.batchjobs.domain.JobLimits;
import dev.batchjobs.domain.JobPage;
import dev.batchjobs.domain.JobQuery;
import dev.batchjobs.domain.JobService;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.PageCursor;
import dev.batchjobs.domain.ResourceMissingException;
import dev.batchjobs.domain.events.DestinationService;
import dev.batchjobs.domain.events.EventDestination;
import dev.batchjobs.domain.events.EventPage;
import dev.batchjobs.domain.events.EventQuery;
import dev.batchjobs.domain.events.EventStore;
import dev.batchjobs.domain.failures.FailureQueries;
import dev.batchjobs.domain.failures.FailureRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    static final int MAX_BODY_BYTES = 64 * 1024;
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
        Caller caller = apiKeys.authenticate(bearerToken(request));
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
                requireNoQuery(request);
                yield jobJson.write(jobs.retrieve(caller, id));
            }
            case CANCEL_JOB -> {
                requireEmptyBody(request);
                yield jobJson.write(jobs.cancel(caller, id));
            }
            case CREATE_DESTINATION -> DestinationJson.write(
                    destinations.create(caller, DestinationRequestParser.create(jsonBody(request))), true);
            case LIST_DESTINATIONS -> listDestinations(caller, request);
            case RETRIEVE_DESTINATION -> {
                requireNoQuery(request);
                yield DestinationJson.write(destinations.retrieve(caller, id), false);
            }
            case UPDATE_DESTINATION -> DestinationJson.write(
                    destinations.update(caller, id, DestinationRequestParser.update(jsonBody(request))), false);
            case DELETE_DESTINATION -> {
                requireNoQuery(request);
                destinations.delete(caller, id);
                yield DestinationJson.deleted(id);
            }
            case ENABLE_DESTINATION, DISABLE_DESTINATION -> {
                requireEmptyBody(request);
                yield DestinationJson.write(destinations.enable(caller, id, route == Route.ENABLE_DESTINATION), false);
            }
            case ROTATE_DESTINATION_SECRET -> DestinationJson.write(
                    destinations.rotateSecret(caller, id, DestinationRequestParser.rotate(jsonBody(request))), true);
            case LIST_EVENTS -> listEvents(caller, request);
            case LIST_JOB_FAILURES -> listFailures(caller, id, request);
            case RETRIEVE_EVENT -> {
                requireNoQuery(request);
                String eventId = id;
                yield EventJson.write(events.find(caller.accountId(), eventId)
                        .orElseThrow(() -> new ResourceMissingException("v2.core.event", eventId)));
            }
        };
        return respond(200, result, requestId, request);
    }

    private JsonNode create(Caller caller, ApiRequest request) {
        JsonNode body = jsonBody(request);
        BatchJob job = jobs.create(caller, CreateJobRequestParser.parse(body), request.header("idempotency-key"));
        MDC.put("job_id", job.id());
        return jobJson.write(job);
    }

    private JsonNode list(Caller caller, ApiRequest request) {
        for (String name : request.query().keySet()) {
            if (!LIST_PARAMS.contains(name)) {
                throw InvalidParameterException.unknown(name);
            }
        }
        int limit = limit(request.query().get("limit"));
        Set<JobStatus> statuses = statuses(request.query().getOrDefault("status", List.of()));
        Optional<String> cursor = single(request.query().get("page"), "page");
        JobPage page = jobs.list(caller, new JobQuery(statuses, limit, cursor));

        ObjectNode root = Json.object();
        ArrayNode data = root.putArray("data");
        page.jobs().forEach(job -> data.add(jobJson.write(job)));
        if (page.nextCursor().isPresent()) {
            root.put("next_page_url", listUrl(limit, statuses, page.nextCursor().get()));
        } else {
            root.putNull("next_page_url");
        }
        root.putNull("previous_page_url");
        return root;
    }

    private JsonNode listEvents(Caller caller, ApiRequest request) {
        rejectUnknownQuery(request, EVENT_LIST_PARAMS);
        int limit = limit(request.query().get("limit"));
        Optional<String> objectId = single(request.query().get("object_id"), "object_id");
        EventPage page = events.list(caller.accountId(),
                new EventQuery(objectId, limit, single(request.query().get("page"), "page")));
        ObjectNode root = Json.object();
        ArrayNode data = root.putArray("data");
        page.events().forEach(event -> data.add(EventJson.write(event)));
        String next = page.nextCursor().map(cursor -> "/v2/core/events?limit=" + limit
                + objectId.map(o -> "&object_id=" + URLEncoder.encode(o, StandardCharsets.UTF_8)).orElse("")
                + "&page=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)).orElse(null);
        root.put("next_page_url", next);
        root.putNull("previous_page_url");
        return root;
    }

    /** A job's failures, oldest first, paged by a cursor that is the position of the next one. */
    private JsonNode listFailures(Caller caller, String jobId, ApiRequest request) {
        rejectUnknownQuery(request, Set.of("limit", "page", "chunk_id"));
        int limit = limit(request.query().get("limit"));
        Optional<String> chunkId = single(request.query().get("chunk_id"), "chunk_id");
        Optional<Integer> chunk = chunkId.map(c -> FailureQueries.chunkIndex(jobId, c));
        long offset = single(request.query().get("page"), "page").map(BatchJobsApi::position).orElse(0L);
        FailureQueries.Listing listing = failures.list(caller, jobId, chunk, offset, limit);
        ObjectNode root = Json.object();
        ArrayNode data = root.putArray("data");
        for (FailureRecord failure : listing.failures()) {
            ObjectNode node = MeteroidApi.failure(failure);
            node.put("object", "v2.core.batch_job_failure");
            data.add(node);
        }
        long next = offset + listing.failures().size();
        root.put("next_page_url", next < listing.total() && !listing.failures().isEmpty()
                ? "/v2/core/batch_jobs/" + jobId + "/failures?limit=" + limit
                + chunkId.map(c -> "&chunk_id=" + c).orElse("") + "&page=" + position(next) : null);
        root.putNull("previous_page_url");
        return root;
    }

    private static String position(long offset) {
        return PageCursor.encodeOffset(PageCursor.FAILURES, offset);
    }

    private static long position(String cursor) {
        return PageCursor.decodeOffset(PageCursor.FAILURES, cursor);
    }

    /** An account has at most {@link DestinationService#MAX_PER_ACCOUNT} destinations: they are paged in memory. */
    private JsonNode listDestinations(Caller caller, ApiRequest request) {
        rejectUnknownQuery(request, DESTINATION_LIST_PARAMS);
        int limit = limit(request.query().get("limit"));
        Optional<String> after = single(request.query().get("page"), "page")
                .map(page -> PageCursor.decodeId(PageCursor.DESTINATIONS, page));
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
                throw new dev.batchjobs.domain.InvalidCursorException();
            }
        }
        List<EventDestination> page = all.subList(start, Math.min(all.size(), start + limit));
        ObjectNode root = Json.object();
        ArrayNode data = root.putArray("data");
        page.forEach(d -> data.add(DestinationJson.write(d, false)));
        boolean more = start + limit < all.size();
        root.put("next_page_url", more ? "/v2/core/event_destinations?limit=" + limit + "&page="
                + PageCursor.encodeId(PageCursor.DESTINATIONS, page.get(page.size() - 1).id()) : null);
        root.putNull("previous_page_url");
        return root;
    }

    private static void rejectUnknownQuery(ApiRequest request, Set<String> known) {
        for (String name : request.query().keySet()) {
            if (!known.contains(name)) {
                throw InvalidParameterException.unknown(name);
            }
        }
    }

    private static int limit(List<String> values) {
        Optional<String> text = single(values, "limit");
        if (text.isEmpty()) {
            return JobLimits.DEFAULT_LIST_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.get());
            if (limit >= JobLimits.MIN_LIST_LIMIT && limit <= JobLimits.MAX_LIST_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the expected range
        }
        throw InvalidParameterException.invalid("limit", "expected an integer from " + JobLimits.MIN_LIST_LIMIT
                + " to " + JobLimits.MAX_LIST_LIMIT + ", received '" + text.get() + "'");
    }

    private static Set<JobStatus> statuses(List<String> values) {
        Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        for (String value : values) {
            for (String name : value.split(",")) {
                statuses.add(JobStatus.fromWireName(name.trim()).orElseThrow(() ->
                        InvalidParameterException.invalid("status", "expected one of "
                                + Arrays.stream(JobStatus.values()).map(JobStatus::wireName)
                                .collect(Collectors.joining(", ")) + ", received '" + name + "'")));
            }
        }
        return statuses;
    }

    static Optional<String> single(List<String> values, String name) {
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw InvalidParameterException.invalid(name, "expected one value, received " + values.size());
        }
        return Optional.of(values.get(0));
    }

    private static String listUrl(int limit, Set<JobStatus> statuses, String cursor) {
        StringBuilder url = new StringBuilder("/v2/core/batch_jobs?limit=").append(limit);
        statuses.forEach(s -> url.append("&status=").append(s.wireName()));
        url.append("&page=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        return url.toString();
    }

    private static JsonNode jsonBody(ApiRequest request) {
        if (request.body().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw ApiException.tooLarge(MAX_BODY_BYTES);
        }
        if (request.body().isBlank()) {
            return Json.object();
        }
        String contentType = request.header("content-type").orElse("");
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw ApiException.unsupportedMediaType(contentType);
        }
        return Json.parseBody(request.body());
    }

    private static void requireEmptyBody(ApiRequest request) {
        JsonNode body = jsonBody(request);
        if (!body.isObject()) {
            throw InvalidParameterException.invalid("request body", "expected an object");
        }
        body.fieldNames().forEachRemaining(name -> {
            throw InvalidParameterException.unknown(name);
        });
        requireNoQuery(request);
    }

    private static void requireNoQuery(ApiRequest request) {
        request.query().keySet().stream().findFirst().ifPresent(name -> {
            throw InvalidParameterException.unknown(name);
        });
    }

    /**
     * The API key from {@code Authorization: Bearer KEY}, or from {@code Basic base64(KEY:)} as Stripe's
     * {@code curl -u KEY:} sends it. Any other scheme yields an empty token, reported as a missing key.
     */
    static Optional<String> bearerToken(ApiRequest request) {
        return request.header("authorization").map(value -> {
            String[] parts = value.trim().split("\\s+", 2);
            if (parts.length != 2) {
                return "";
            }
            if (parts[0].equalsIgnoreCase("bearer")) {
                return parts[1].trim();
            }
            if (parts[0].equalsIgnoreCase("basic")) {
                try {
                    String decoded = new String(Base64.getDecoder().decode(parts[1].trim()), StandardCharsets.UTF_8);
                    int colon = decoded.indexOf(':');
                    return colon < 0 ? decoded : decoded.substring(0, colon);
                } catch (IllegalArgumentException e) {
                    return "";
                }
            }
            return "";
        });
    }

    private static ApiResponse respond(int status, JsonNode body, String requestId, ApiRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("Request-Id", requestId);
        headers.put("Cache-Control", "no-store");
        request.header("stripe-version").filter(v -> !v.isBlank() && v.length() <= 64)
                .ifPresent(v -> headers.put("Stripe-Version", v));
        if (status == 405) {
            headers.put("Allow", Arrays.stream(Route.values()).filter(r -> r.match(request.path()).isPresent())
                    .map(Route::method).distinct().collect(Collectors.joining(", ")));
        }
        return new ApiResponse(status, headers, Json.write(body));
    }
}
