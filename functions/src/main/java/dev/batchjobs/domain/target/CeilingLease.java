package dev.batchjobs.domain.target;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's share of a target's ceiling, as one worker invocation holds it: renewed every half second (a read and
 * a conditional write of the target's {@link TargetLeases}), used only while its grant lasts. When a renewal fails
 * the last grant still holds until it ends (it is stored, so the others count it); after that the job sends nothing
 * until a renewal succeeds.
 */
public final class CeilingLease {
    private static final Logger LOG = LoggerFactory.getLogger(CeilingLease.class);
    static final long RENEW_EVERY_MILLIS = 500;
    /** A grant is given up this much before it ends by this worker's clock, for the clocks of other machines. */
    static final long CLOCK_MARGIN_MILLIS = 50;

    private static final int MAX_CONFLICTS = 8;

    private final TargetLeaseStore store;
    private final String target;
    private final String jobId;
    private final int ceiling;
    private final Clock clock;

    private int granted;
    private long grantedUntil = Long.MIN_VALUE;
    private long renewAt = Long.MIN_VALUE;

    CeilingLease(TargetLeaseStore store, String target, String jobId, int ceiling, Clock clock) {
        this.store = store;
        this.target = target;
        this.jobId = jobId;
        this.ceiling = ceiling;
        this.clock = clock;
    }

    static CeilingLease unlimited() {
        return new CeilingLease(null, "", "", 0, Clock.systemUTC());
    }

    /**
     * The rate this job may use now, at most {@code demand}: its share, renewed first when due; 0 while it has none.
     */
    public int allowed(int demand) {
        if (store == null) {
            return demand;
        }
        long now = clock.millis();
        if (now >= renewAt) {
            renewAt = now + RENEW_EVERY_MILLIS;
            renew(demand);
        }
        return clock.millis() < grantedUntil - CLOCK_MARGIN_MILLIS ? Math.min(granted, demand) : 0;
    }

    private void renew(int demand) {
        try {
            for (int attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
                TargetLeases current = store.read(target);
                // The time of the grant is taken after the read, and a decrease applies here before the write: the
                // old rate's last start is never later than the time the stored lease says it left the window from.
                long now = clock.millis();
                TargetLeases next = current.grant(jobId, demand, ceiling, now);
                TargetLeases.Lease mine = next.leases().get(jobId);
                granted = Math.min(granted, mine.rate());
                if (store.replace(target, current.version(), next)) {
                    granted = mine.rate();
                    grantedUntil = mine.untilMillis();
                    return;
                }
            }
            LOG.warn("The ceiling leases of {} kept changing; job {} keeps its last grant", target, jobId);
        } catch (RuntimeException e) {
            LOG.warn("Renewing the ceiling lease of job {} on {} failed: {}", jobId, target, e.toString());
        }
    }
}
