package dev.batchjobs.domain;

/**
 * How fast a running job really goes, as its worker last recorded it: the rate in force ({@code effective_rps}: at
 * most {@code maximum_rps}, lower while the operator's ceiling for the target is shared or the target throttles),
 * and how many times the target answered 429.
 *
 * @param effectiveRps the rate in force, 0 while the job waits for a share of the ceiling, -1 before any worker ran
 */
public record JobPace(int effectiveRps, long throttledCount) {
    public static final JobPace UNKNOWN = new JobPace(-1, 0);

    public JobPace {
        if (effectiveRps < -1 || throttledCount < 0) {
            throw new IllegalArgumentException("Invalid pace: " + effectiveRps + "/" + throttledCount);
        }
    }

    public boolean known() {
        return effectiveRps >= 0;
    }
}
