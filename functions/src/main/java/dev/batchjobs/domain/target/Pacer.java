package dev.batchjobs.domain.target;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the chunk loop asks before it starts a request: how long to wait, then that a request starts now. A
 * {@link RatePacer} keeps one fixed rate; a {@link SteeredPacer} follows a rate that changes while the job runs.
 */
public interface Pacer {
    /** How long to wait before the next request may start; zero when it may start now. */
    Duration delayBeforeNextStart();

    /** Records that a request starts now; only when {@link #delayBeforeNextStart()} was just zero. */
    void recordStart();

    /** The start times the guarantee depends on, oldest first, to save with a checkpoint. */
    List<Instant> recentStarts();

    /** What the target answered a request (its status, empty when none came; its Retry-After); ignored by default. */
    default void observe(Optional<Integer> status, Optional<Duration> retryAfter) {}
}
