package dev.batchjobs.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a job stands: its status, the version every transition raises (the guard of conditional writes),
 * when it last changed status, when it ended (null until then), and the time past which the sweeper ends it if it
 * is still running (set when its upload arrives, null before).
 *
 * @param atLastResume the job's counts when it last resumed ({@link JobCounts#ZERO} if it never did): a failure
 *     threshold counts the rows ended since
 */
public record JobStage(
        JobStatus status,
        long version,
        Instant updated,
        Instant finishedAt,
        Instant processingDeadline,
        JobCounts atLastResume) {
    public JobStage {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(atLastResume, "atLastResume");
    }

    /** A stage of a job that never resumed. */
    public JobStage(JobStatus status, long version, Instant updated, Instant finishedAt, Instant processingDeadline) {
        this(status, version, updated, finishedAt, processingDeadline, JobCounts.ZERO);
    }

    /** A stage with no processing deadline (a job not yet begun). */
    public JobStage(JobStatus status, long version, Instant updated, Instant finishedAt) {
        this(status, version, updated, finishedAt, null);
    }

    static JobStage created(Instant now) {
        return new JobStage(JobStatus.READY_FOR_UPLOAD, 1, now, null);
    }

    /** The next stage; throws {@link IllegalTransitionException} unless the transition table allows it. */
    JobStage moveTo(JobStatus next, Instant now) {
        status.checkMoveTo(next);
        return new JobStage(
                next, version + 1, now, next.isTerminal() ? now : finishedAt, processingDeadline, atLastResume);
    }

    /** The same stage at the next version: a change that is not a transition (the job's rate or metadata). */
    JobStage bumped() {
        return new JobStage(status, version + 1, updated, finishedAt, processingDeadline);
    }

    JobStage withProcessingDeadline(Instant deadline) {
        return new JobStage(status, version, updated, finishedAt, deadline, atLastResume);
    }

    JobStage resumedAt(JobCounts counts) {
        return new JobStage(status, version, updated, finishedAt, processingDeadline, counts);
    }
}
