package dev.batchjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.InvalidParameterException;
import dev.batchjobs.domain.PresignedUrl;
import dev.batchjobs.domain.pipeline.ResultsSoFar;
import dev.batchjobs.domain.pipeline.RetryJobs;
import dev.batchjobs.domain.pipeline.SteerJobs;
import dev.batchjobs.json.Json;
import java.util.Optional;
import java.util.Set;
import org.slf4j.MDC;

/**
 * Beyond the reference, {@code /v2/core/batch_jobs/{id}/…}: steering a running job (each answers with the job), its
 * results so far, and the retry of its failed rows (answers with the new job).
 */
final class SteeringResource {
    private final SteerJobs steer;
    private final RetryJobs retries;
    private final ResultsSoFar results;
    private final JobJson json;

    SteeringResource(SteerJobs steer, RetryJobs retries, ResultsSoFar results, JobJson json) {
        this.steer = steer;
        this.retries = retries;
        this.results = results;
        this.json = json;
    }

    JsonNode pause(Caller caller, String id, ApiRequest request) {
        Http.requireEmptyBody(request);
        return json.write(steer.pause(caller, id));
    }

    JsonNode resume(Caller caller, String id, ApiRequest request) {
        Http.requireEmptyBody(request);
        return json.write(steer.resume(caller, id));
    }

    /** Cancel wakes a paused job's chunks too, so it goes through the steering. */
    JsonNode cancel(Caller caller, String id, ApiRequest request) {
        Http.requireEmptyBody(request);
        return json.write(steer.cancel(caller, id));
    }

    /** A new job of the ended job's failed rows; the Idempotency-Key header behaves as on create. */
    JsonNode retry(Caller caller, String id, ApiRequest request) {
        BatchJob job = retries.retry(caller, id, RetryRequestParser.parse(request), request.header("idempotency-key"));
        MDC.put("job_id", job.id());
        return json.write(job);
    }

    /** A presigned URL of a snapshot of every row finished so far, optionally only the failed or succeeded ones. */
    JsonNode results(Caller caller, String id, ApiRequest request) {
        QueryParams query = QueryParams.of(request).only(Set.of("status"));
        Optional<String> status = query.single("status");
        ResultsSoFar.Filter filter = status.map(SteeringResource::filter).orElse(ResultsSoFar.Filter.ALL);
        ResultsSoFar.Snapshot snapshot = results.take(caller.scope(), id, filter);
        PresignedUrl url = json.downloadUrl(snapshot.file());
        ObjectNode node = Json.object();
        node.put("object", "v2.core.batch_job_results");
        node.put("batch_job", id);
        node.put("batch_job_status", snapshot.job().status().wireName());
        if (status.isPresent()) {
            node.put("status", status.get());
        } else {
            node.putNull("status");
        }
        node.put("row_count", Long.toString(snapshot.rowCount()));
        node.put("as_of", Json.timestamp(snapshot.asOf()));
        node.put("final", snapshot.fromFinalFile());
        node.put("truncated", snapshot.truncated());
        node.put("content_type", snapshot.file().contentType());
        node.put("size", Long.toString(snapshot.file().size()));
        node.putObject("download_url")
                .put("expires_at", Json.timestamp(url.expiresAt()))
                .put("url", url.url());
        return node;
    }

    private static ResultsSoFar.Filter filter(String status) {
        return switch (status) {
            case "failed" -> ResultsSoFar.Filter.FAILED;
            case "succeeded" -> ResultsSoFar.Filter.SUCCEEDED;
            default ->
                throw InvalidParameterException.invalid(
                        "status", "expected failed or succeeded, received '" + status + "'");
        };
    }
}
