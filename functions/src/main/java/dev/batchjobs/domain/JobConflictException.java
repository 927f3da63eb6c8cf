package dev.batchjobs.domain;

/**
 * A conditional write lost: the job was no longer in the state the writer expected. Carries the job as
 * it is now, so the caller decides again without another read.
 */
public final class JobConflictException extends RuntimeException {
    private final BatchJob current;

    public JobConflictException(BatchJob current) {
        super("Batch job " + current.id() + " changed concurrently; it is now " + current.status());
        this.current = current;
    }

    public BatchJob current() {
        return current;
    }
}
