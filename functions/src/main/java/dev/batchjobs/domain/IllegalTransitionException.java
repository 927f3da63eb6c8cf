package dev.batchjobs.domain;

/** A state change that {@link JobStatus}'s transition table does not allow: a programming error. */
public final class IllegalTransitionException extends RuntimeException {
    private final JobStatus from;
    private final JobStatus to;

    public IllegalTransitionException(JobStatus from, JobStatus to) {
        super("A batch job cannot move from " + from + " to " + to);
        this.from = from;
        this.to = to;
    }

    public JobStatus from() {
        return from;
    }

    public JobStatus to() {
        return to;
    }
}
