package dev.batchjobs.testing;

import dev.batchjobs.domain.target.TargetLeaseStore;
import dev.batchjobs.domain.target.TargetLeases;
import java.util.HashMap;
import java.util.Map;

/** Target leases in a map, replaced under a lock on the version, as the DynamoDB adapter's conditional put does. */
public final class InMemoryTargetLeaseStore implements TargetLeaseStore {
    private final Map<String, TargetLeases> leases = new HashMap<>();
    /** When set, every call fails, as DynamoDB does when it throttles or is unreachable. */
    public volatile boolean failing;

    @Override
    public synchronized TargetLeases read(String target) {
        fail();
        return leases.getOrDefault(target, TargetLeases.NONE);
    }

    @Override
    public synchronized boolean replace(String target, long expectedVersion, TargetLeases next) {
        fail();
        if (leases.getOrDefault(target, TargetLeases.NONE).version() != expectedVersion) {
            return false;
        }
        leases.put(target, next);
        return true;
    }

    private void fail() {
        if (failing) {
            throw new IllegalStateException("the lease store is unreachable");
        }
    }
}
