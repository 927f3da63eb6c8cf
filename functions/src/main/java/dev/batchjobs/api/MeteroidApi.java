package dev.batchjobs.api;

import static dev.batchjobs.api.FailureJson.int32;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.ApiKeyService;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.InvalidParameterException;
import dev.batchjobs.domain.JobService;
import dev.batchjobs.domain.MeteroidPage;
import dev.batchjobs.domain.MeteroidQuery;
import dev.batchjobs.domain.MeteroidStatus;
import dev.batchjobs.domain.failures.FailureQueries;
import dev.batchjobs.json.Json;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The Meteroid-compatible surface, exactly its OpenAPI: {@code GET /api/v1/batch-jobs} (filters {@code job_type},
 * {@code status[]}, {@code page} from 0, {@code per_page} 1–100, {@code pagination_meta}) and
 * {@code GET /api/v1/batch-jobs/{batch_job_id}/failures} ({@code chunk_id}, {@code limit}, {@code offset},
 * {@code total_count}); errors as {@code RestErrorResponse {code, message}}. Same keys and account isolation
 * as the v2 API; only jobs whose endpoint has a Meteroid job type appear here.
 */
final class MeteroidApi {
    static final String PREFIX = "/api/v1/";
    static final String LIST = "/api/v1/batch-jobs";
    static final String FAILURES = "/api/v1/batch-jobs/{batch_job_id}/failures";
    static final int DEFAULT_PER_PAGE = 10;
    static final int DEFAULT_FAILURE_LIMIT = 50;
    static final int MAX_FAILURE_LIMIT = 1000;
    private static final ErrorMapper ERRORS = new MeteroidErrors();
    private static final Pattern FAILURES_PATH = Pattern.compile("^/api/v1/batch-jobs/([^/]+)/failures/?$");
    private static final Set<String> JOB_TYPES =
            Set.of("EVENT_CSV_IMPORT", "CUSTOMER_CSV_IMPORT", "SUBSCRIPTION_CSV_IMPORT", "SUBSCRIPTION_PLAN_MIGRATION");

    private final ApiKeyService apiKeys;
    private final JobService jobs;
    private final FailureQueries failures;
    private final Set<String> knownTypes;
    private final JobJson files;

    /**
     * @param knownTypes the Meteroid job types the endpoint registry gives jobs
     * @param files      presigns the download URL of a job's error file
     */
    MeteroidApi(
            ApiKeyService apiKeys, JobService jobs, FailureQueries failures, Set<String> knownTypes, JobJson files) {
        this.apiKeys = apiKeys;
        this.jobs = jobs;
        this.failures = failures;
        this.knownTypes = Set.copyOf(knownTypes);
        this.files = files;
    }

    static List<String> routeKeys() {
        return List.of("GET " + LIST, "GET " + FAILURES);
    }

    ApiResponse handle(ApiRequest request, String requestId) {
        try {
            return respond(200, serve(request), requestId);
        } catch (RuntimeException error) {
            ErrorMapper.MappedError mapped = ERRORS.map(error, request, requestId);
            return respond(mapped.status(), mapped.body(), requestId);
        }
    }

    private ObjectNode serve(ApiRequest request) {
        Caller caller = apiKeys.authenticate(Http.bearerToken(request));
        MDC.put("account_id", caller.accountId());
        String path = request.path().endsWith("/")
                ? request.path().substring(0, request.path().length() - 1)
                : request.path();
        Matcher failuresPath = FAILURES_PATH.matcher(request.path());
        boolean known = path.equals(LIST) || failuresPath.matches();
        if (!known) {
            throw new ApiException(
                    404,
                    "unrecognized_request_url",
                    "Unrecognized request URL (" + request.method() + " " + request.path() + ").");
        }
        if (!request.method().equals("GET")) {
            throw new ApiException(
                    405,
                    "method_not_allowed",
                    request.method() + " is not allowed on " + request.path() + "; use GET.");
        }
        if (path.equals(LIST)) {
            return list(caller, QueryParams.of(request));
        }
        MDC.put("job_id", failuresPath.group(1));
        return failures(caller, failuresPath.group(1), QueryParams.of(request));
    }

    private ObjectNode list(Caller caller, QueryParams query) {
        query.onlyNamingExpected(Set.of("job_type", "status", "page", "per_page"));
        Optional<String> jobType = query.single("job_type");
        jobType.ifPresent(type -> {
            if (!JOB_TYPES.contains(type)) {
                throw InvalidParameterException.invalid(
                        "job_type",
                        "expected one of " + String.join(", ", sorted(JOB_TYPES)) + ", received '" + type + "'");
            }
        });
        Set<MeteroidStatus> statuses = query.enums("status", MeteroidStatus.class, Enum::name);
        if (statuses.isEmpty()) {
            statuses = EnumSet.allOf(MeteroidStatus.class);
        }
        int page = query.integer("page", 0, 0, Integer.MAX_VALUE / MeteroidQuery.MAX_PER_PAGE);
        int perPage = query.integer("per_page", DEFAULT_PER_PAGE, 1, MeteroidQuery.MAX_PER_PAGE);
        Set<String> types = jobType.map(Set::of).orElse(knownTypes);
        MeteroidPage result = types.isEmpty()
                ? new MeteroidPage(List.of(), 0)
                : jobs.meteroidPage(caller, new MeteroidQuery(types, statuses, page, perPage));

        ObjectNode root = Json.object();
        ArrayNode data = root.putArray("data");
        result.jobs().forEach(job -> data.add(job(job)));
        ObjectNode meta = root.putObject("pagination_meta");
        meta.put("page", page);
        meta.put("per_page", perPage);
        meta.put("total_items", result.totalItems());
        meta.put("total_pages", (result.totalItems() + perPage - 1) / perPage);
        return root;
    }

    ObjectNode job(BatchJob job) {
        ObjectNode node = Json.object();
        node.put("id", job.id());
        node.put("job_type", job.spec().jobType());
        node.put("status", MeteroidStatus.of(job).name());
        node.put("processed_items", int32(job.counts().processed()));
        node.put("failed_items", int32(job.counts().failed()));
        if (job.counts().totalRows() < 0) {
            node.putNull("total_items");
        } else {
            node.put("total_items", int32(job.counts().totalRows()));
        }
        node.put("created_by", job.createdBy());
        node.put("created_at", Json.timestamp(job.created()));
        if (job.stage().finishedAt() == null) {
            node.putNull("completed_at");
        } else {
            node.put("completed_at", Json.timestamp(job.stage().finishedAt()));
        }
        node.put("input_file_name", job.upload().fileName());
        // Beyond the schema (which allows more properties): the failed rows, ready to fix and upload as a new job.
        if (job.outcome().errorFile() == null) {
            node.putNull("error_file_url");
        } else {
            node.put(
                    "error_file_url",
                    files.downloadUrl(job.outcome().errorFile()).url());
        }
        return node;
    }

    private ObjectNode failures(Caller caller, String jobId, QueryParams query) {
        query.onlyNamingExpected(Set.of("chunk_id", "limit", "offset"));
        Optional<Integer> chunk = query.single("chunk_id").map(id -> FailureQueries.chunkIndex(jobId, id));
        int limit = query.integer("limit", DEFAULT_FAILURE_LIMIT, 0, MAX_FAILURE_LIMIT);
        int offset = query.integer("offset", 0, 0, Integer.MAX_VALUE);
        FailureQueries.Listing listing = failures.list(caller, jobId, chunk, offset, limit);
        ObjectNode root = Json.object();
        ArrayNode data = root.putArray("data");
        listing.failures().forEach(f -> data.add(FailureJson.write(f)));
        root.put("total_count", listing.total());
        return root;
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static ApiResponse respond(int status, ObjectNode body, String requestId) {
        return Http.json(status, body, requestId, Map.of());
    }
}
