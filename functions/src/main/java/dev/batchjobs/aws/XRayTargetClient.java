package dev.batchjobs.aws;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.entities.Entity;
import com.amazonaws.xray.entities.Subsegment;
import dev.batchjobs.domain.target.TargetClient;
import dev.batchjobs.domain.target.TargetRequest;
import dev.batchjobs.domain.target.TargetResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Each request to the target as an X-Ray subsegment of the worker's segment: begun on the worker's thread as the
 * request starts, ended on the HTTP client's thread as its answer arrives, so many requests in flight are many
 * overlapping subsegments. The URL is recorded without its query; no header or body is.
 */
public final class XRayTargetClient implements TargetClient {
    private final TargetClient delegate;
    private final AWSXRayRecorder recorder;

    public XRayTargetClient(TargetClient delegate, AWSXRayRecorder recorder) {
        this.delegate = delegate;
        this.recorder = recorder;
    }

    @Override
    public CompletableFuture<TargetResponse> send(TargetRequest request) {
        Entity parent = recorder.getTraceEntity();
        Subsegment subsegment = recorder.beginSubsegment(request.uri().getHost());
        // The next request's subsegment is a sibling, not a child: the thread's context goes back to the segment.
        recorder.setTraceEntity(parent != null ? parent : subsegment.getParent());
        subsegment.setNamespace("remote");
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", request.method());
        http.put(
                "url",
                request.uri().getScheme() + "://" + request.uri().getAuthority()
                        + request.uri().getPath());
        subsegment.putHttp("request", http);
        CompletableFuture<TargetResponse> sent;
        try {
            sent = delegate.send(request);
        } catch (RuntimeException e) {
            subsegment.addException(e);
            recorder.endSubsegment(subsegment);
            throw e;
        }
        return sent.whenComplete((response, failure) -> {
            if (response != null) {
                int status = response.status();
                subsegment.putHttp("response", Map.of("status", status));
                if (status == 429) {
                    subsegment.setThrottle(true);
                }
                if (status >= 500) {
                    subsegment.setFault(true);
                } else if (status >= 400) {
                    subsegment.setError(true);
                }
            } else if (failure != null) {
                subsegment.addException(failure);
            }
            recorder.endSubsegment(subsegment);
        });
    }
}
