package dev.batchjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.JobPage;
import dev.batchjobs.domain.JobQuery;
import dev.batchjobs.domain.JobService;
import dev.batchjobs.domain.JobStatus;
import java.util.Optional;
import java.util.Set;
import org.slf4j.MDC;

/** {@code /v2/core/batch_jobs}: create, list, retrieve and update batch jobs (cancel: {@link SteeringResource}). */
final class JobsResource {
    private static final Set<String> LIST_PARAMS = Set.of("limit", "page", "status");

    private final JobService jobs;
    private final JobJson json;

    JobsResource(JobService jobs, JobJson json) {
        this.jobs = jobs;
        this.json = json;
    }

    JsonNode create(Caller caller, ApiRequest request) {
        JsonNode body = Http.jsonBody(request);
        // Everything a job takes is in the body: a query parameter is a mistake, not something to ignore.
        QueryParams.of(request).none();
        BatchJob job = jobs.create(caller, CreateJobRequestParser.parse(body), request.header("idempotency-key"));
        MDC.put("job_id", job.id());
        return json.write(job);
    }

    /** Paged by the store's cursor, which passes through unchanged. */
    JsonNode list(Caller caller, ApiRequest request) {
        QueryParams query = QueryParams.of(request).only(LIST_PARAMS);
        int limit = query.limit();
        Set<JobStatus> statuses = query.enums("status", JobStatus.class, JobStatus::wireName);
        Optional<String> cursor = query.single("page");
        JobPage page = jobs.list(caller, new JobQuery(statuses, limit, cursor));
        return Paging.list(
                page.jobs().stream().map(json::write).toList(),
                page.nextCursor().map(next -> listUrl(limit, statuses, next)).orElse(null));
    }

    JsonNode retrieve(Caller caller, String id, ApiRequest request) {
        QueryParams.of(request).none();
        return json.write(jobs.retrieve(caller, id));
    }

    /** Beyond Stripe: a new {@code maximum_rps} or metadata for a job that has not ended. */
    JsonNode update(Caller caller, String id, ApiRequest request) {
        QueryParams.of(request).none();
        return json.write(jobs.update(caller, id, UpdateJobRequestParser.parse(Http.jsonBody(request))));
    }

    private static String listUrl(int limit, Set<JobStatus> statuses, String cursor) {
        StringBuilder url = new StringBuilder("/v2/core/batch_jobs?limit=").append(limit);
        statuses.forEach(s -> url.append("&status=").append(s.wireName()));
        url.append("&page=").append(Paging.encode(cursor));
        return url.toString();
    }
}
