package dev.batchjobs.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a job stands: its status, the version every transition raises (the guard of conditional writes),
 * when it last changed status, and when it ended (null until then).
 */
public record JobStage(JobStatus status, long version, Instant updated, Instant finishedAt) {
    public JobStage {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updated, "updated");
    }

    static JobStage created(Instant now) {
        return new JobStage(JobStatus.READY_FOR_UPLOAD, 1, now, null);
    }

    /** The next stage; throws {@link IllegalTransitionException} unless the transition table allows it. */
    JobStage moveTo(JobStatus next, Instant now) {
        status.checkMoveTo(next);
        return new JobStage(next, version + 1, now, next.isTerminal() ? now : finishedAt);
    }
}
