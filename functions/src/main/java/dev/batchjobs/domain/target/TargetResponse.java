package dev.batchjobs.domain.target;

import java.time.Duration;
import java.util.Optional;

/** What the target answered: the status, the body as text, and any Retry-After it asked for. */
public record TargetResponse(int status, String body, Optional<Duration> retryAfter) {}
