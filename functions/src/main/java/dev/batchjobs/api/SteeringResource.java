package dev.batchjobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.pipeline.SteerJobs;

/** Beyond the reference, {@code /v2/core/batch_jobs/{id}/…}: steering a running job. Each answers with the job. */
final class SteeringResource {
    private final SteerJobs steer;
    private final JobJson json;

    SteeringResource(SteerJobs steer, JobJson json) {
        this.steer = steer;
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
}
