package dev.batchjobs.domain.chunks;

/** Tells the waiting state machine that every chunk of a job is settled. */
public interface TaskSignal {
    /** Sends the task token back; a token already used or expired is ignored, since the state machine moved on. */
    void succeed(String taskToken);
}
