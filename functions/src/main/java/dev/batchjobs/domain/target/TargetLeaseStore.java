package dev.batchjobs.domain.target;

/**
 * Where the shares of each target's ceiling live, shared by every worker of every job: one value per target,
 * read whole and replaced whole if nobody replaced it in between.
 */
public interface TargetLeaseStore {
    /** The target's leases, read consistently; {@link TargetLeases#NONE} when there are none yet. */
    TargetLeases read(String target);

    /**
     * Stores {@code next} if the stored leases are still at {@code expectedVersion} (0: none stored); returns
     * false, storing nothing, if another worker replaced them first.
     */
    boolean replace(String target, long expectedVersion, TargetLeases next);
}
