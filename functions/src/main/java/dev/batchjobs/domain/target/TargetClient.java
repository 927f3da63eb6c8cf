package dev.batchjobs.domain.target;

import java.util.concurrent.CompletableFuture;

/** Sends requests to the target asynchronously, so that one worker keeps many in flight. */
public interface TargetClient {
    /**
     * Completes with the target's response (any status), or exceptionally when no response came
     * (connection refused or reset, timeout).
     */
    CompletableFuture<TargetResponse> send(TargetRequest request);

    /**
     * As {@link #send(TargetRequest)}, calling {@code onWire} as the request leaves for the target (the pacer counts
     * its start from then). By default at once; a client that knows better calls it when it writes the request.
     */
    default CompletableFuture<TargetResponse> send(TargetRequest request, Runnable onWire) {
        onWire.run();
        return send(request);
    }
}
