package dev.batchjobs.domain.target;

import java.util.concurrent.CompletableFuture;

/** Sends requests to the target asynchronously, so that one worker keeps many in flight. */
public interface TargetClient {
    /**
     * Completes with the target's response (any status), or exceptionally when no response came
     * (connection refused or reset, timeout).
     */
    CompletableFuture<TargetResponse> send(TargetRequest request);
}
