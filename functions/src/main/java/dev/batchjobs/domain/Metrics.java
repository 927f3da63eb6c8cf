package dev.batchjobs.domain;

/**
 * Where measurements go: CloudWatch's embedded metric format on the function's log in production, a list in
 * unit tests. Publishing never fails the work it measures.
 */
@FunctionalInterface
public interface Metrics {
    /** Measures nothing: for the use cases built without metrics (tests, operator commands). */
    Metrics NONE = record -> {};

    void publish(MetricRecord record);

    /** A per-second rate of {@code count} over {@code nanos}, zero for a run too short to measure. */
    static double perSecond(long count, long nanos) {
        return nanos <= 0 ? 0 : count * 1_000_000_000.0 / nanos;
    }
}
