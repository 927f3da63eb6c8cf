package dev.batchjobs.domain.target;

/**
 * What one {@link SendRows} run did at the target: requests started, attempts scheduled again, and 429 answers.
 * Only the run's driving thread writes it; read it after the run.
 */
public final class SendTally {
    private long sent;
    private long retried;
    private long throttled;

    void sent() {
        sent++;
    }

    void retried() {
        retried++;
    }

    void throttled() {
        throttled++;
    }

    public long sentCount() {
        return sent;
    }

    public long retriedCount() {
        return retried;
    }

    public long throttledCount() {
        return throttled;
    }
}
