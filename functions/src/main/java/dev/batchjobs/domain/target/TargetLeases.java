package dev.batchjobs.domain.target;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The running jobs' shares of one target's ceiling, as one versioned value that every worker reads and replaces
 * whole (a conditional write on {@code version}), and the pure rule that grants a share: {@link #grant}.
 *
 * <p>The invariant each grant keeps: at every moment from now on, the {@linkplain Lease#occupancy occupancies} of
 * all leases add up to at most the ceiling. A lease occupies its rate until its grant ends and then one more
 * second (its requests stay in the target's sliding window that long), and after a decrease it still occupies the
 * old, higher rate for that second. A share is therefore only ever taken from what the others leave now: a job
 * whose fair share grew gets the room at its next renewal after the others' old rates have left the window.
 *
 * @param leases job id → lease
 */
public record TargetLeases(long version, Map<String, Lease> leases) {
    public static final TargetLeases NONE = new TargetLeases(0, Map.of());

    /** How long a grant lasts; a worker renews it well before ({@link CeilingLease}). */
    public static final long GRANT_MILLIS = 2_000;
    /**
     * How long a rate stays in the target's sliding window after the last start it allowed: the second, the
     * pacer's 5 ms guard, and a margin for the clocks of two machines.
     */
    public static final long HOLD_MILLIS = 1_100;

    public TargetLeases {
        leases = Map.copyOf(leases);
    }

    /**
     * One job's lease: what it asked for ({@code demand}), the rate granted ({@code rate}) until {@code untilMillis},
     * and the higher rate it had before its last decrease ({@code peak}), still in the window until
     * {@code peakUntilMillis}.
     */
    public record Lease(int demand, int rate, long untilMillis, int peak, long peakUntilMillis) {
        /** The rate this lease may still put into a one-second window that ends at {@code now}. */
        public int occupancy(long now) {
            if (now >= untilMillis + HOLD_MILLIS) {
                return 0;
            }
            return Math.max(rate, now < peakUntilMillis ? peak : 0);
        }

        boolean live(long now) {
            return now < untilMillis;
        }
    }

    /**
     * The leases after {@code jobId} renews, asking for {@code demand} requests per second at {@code now}: its
     * max-min fair share of {@code ceiling} among the live leases, but never more than the others leave now; the
     * leases that have ended and no longer occupy anything are dropped. The new version is one higher.
     */
    public TargetLeases grant(String jobId, int demand, int ceiling, long now) {
        Map<String, Lease> next = new HashMap<>();
        Map<String, Integer> demands = new HashMap<>();
        int others = 0;
        for (Map.Entry<String, Lease> entry : leases.entrySet()) {
            Lease lease = entry.getValue();
            if (entry.getKey().equals(jobId) || (!lease.live(now) && lease.occupancy(now) == 0)) {
                continue;
            }
            next.put(entry.getKey(), lease);
            others += lease.occupancy(now);
            if (lease.live(now)) {
                demands.put(entry.getKey(), lease.demand());
            }
        }
        demands.put(jobId, demand);
        int fair = fairShares(demands, ceiling).get(jobId);
        int rate = Math.max(0, Math.min(fair, ceiling - others));

        Lease old = leases.get(jobId);
        int peak = 0;
        long peakUntil = 0;
        if (old != null && now < old.peakUntilMillis()) {
            // An earlier decrease whose old rate is still in the window: kept as it is, never extended.
            peak = old.peak();
            peakUntil = old.peakUntilMillis();
        }
        if (old != null && old.rate() > rate && old.occupancy(now) > 0) {
            // A decrease: the old rate's starts stay in the window for one more second.
            peak = Math.max(peak, old.rate());
            peakUntil = now + HOLD_MILLIS;
        }
        next.put(jobId, new Lease(demand, rate, now + GRANT_MILLIS, peak, peakUntil));
        return new TargetLeases(version + 1, next);
    }

    /** The rate granted to a job, or 0 if it holds no lease. */
    public int rateOf(String jobId) {
        Lease lease = leases.get(jobId);
        return lease == null ? 0 : lease.rate();
    }

    /**
     * Max-min fairness (water-filling) in whole requests per second: the smallest demands are met first, the rest
     * share what is left evenly, any remainder going to the last in order (by demand, then job id).
     */
    static Map<String, Integer> fairShares(Map<String, Integer> demands, int ceiling) {
        List<Map.Entry<String, Integer>> order = new ArrayList<>(demands.entrySet());
        order.sort(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> shares = new HashMap<>();
        int remaining = ceiling;
        for (int i = 0; i < order.size(); i++) {
            int even = remaining / (order.size() - i);
            int share = Math.max(0, Math.min(order.get(i).getValue(), even));
            shares.put(order.get(i).getKey(), share);
            remaining -= share;
        }
        return shares;
    }

    /** For logs: the leases by job id, in order. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("TargetLeases[v" + version);
        leases.entrySet().stream()
                .sorted(Comparator.comparing(Map.Entry::getKey))
                .forEach(e -> text.append(", ").append(e.getKey()).append('=').append(e.getValue()));
        return text.append(']').toString();
    }
}
