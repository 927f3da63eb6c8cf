package dev.batchjobs.domain.target;

import java.util.concurrent.CompletableFuture;

/** Sends requests to the target asynchronously, so that one worker keeps many in flight. */
public interface TargetClient {
    /**
     * Completes with the target's response (any status), or exceptionally when no response came
     * (connection refused or reset, timeout).
     */
    default CompletableFuture<TargetResponse> send(TargetRequest request) {
        return send(request, () -> {});
    }

    /**
     * As {@link #send(TargetRequest)}, calling {@code onWire} as the request leaves for the target: the pacer counts
     * its start from then, and from its release while it is not told (a client that cannot tell ignores it).
     */
    CompletableFuture<TargetResponse> send(TargetRequest request, Runnable onWire);
}
