package dev.batchjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.failures.FailureQueries;
import dev.batchjobs.domain.failures.FailureRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code /v2/core/batch_jobs/{id}/failures}: the rows of a job that failed, optionally of one chunk. */
final class FailuresResource {
    private static final Set<String> LIST_PARAMS = Set.of("limit", "page", "chunk_id");

    private final FailureQueries failures;

    FailuresResource(FailureQueries failures) {
        this.failures = failures;
    }

    /** A job's failures, oldest first, paged by a cursor that is the position of the next one. */
    JsonNode list(Caller caller, String jobId, ApiRequest request) {
        QueryParams query = QueryParams.of(request).only(LIST_PARAMS);
        int limit = query.limit();
        Optional<String> chunkId = query.single("chunk_id");
        Optional<Integer> chunk = chunkId.map(c -> FailureQueries.chunkIndex(jobId, c));
        long offset = query.single("page").map(Paging::position).orElse(0L);
        FailureQueries.Listing listing = failures.list(caller, jobId, chunk, offset, limit);
        List<ObjectNode> data = new ArrayList<>();
        for (FailureRecord failure : listing.failures()) {
            ObjectNode node = FailureJson.write(failure);
            node.put("object", "v2.core.batch_job_failure");
            data.add(node);
        }
        long next = offset + listing.failures().size();
        return Paging.list(
                data,
                next < listing.total() && !listing.failures().isEmpty()
                        ? "/v2/core/batch_jobs/" + jobId + "/failures?limit=" + limit
                                + chunkId.map(c -> "&chunk_id=" + c).orElse("") + "&page=" + Paging.positionToken(next)
                        : null);
    }
}
