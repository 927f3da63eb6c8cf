package dev.batchjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.target.TargetLeaseStore;
import dev.batchjobs.domain.target.TargetLeases;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link TargetLeaseStore} must do; run against the fake and the DynamoDB adapter. */
public abstract class TargetLeaseStoreContract {
    protected TargetLeaseStore store;
    private String target;

    protected abstract TargetLeaseStore newStore();

    @BeforeEach
    void setUpStore() {
        store = newStore();
        target = "api-" + UUID.randomUUID() + ".test:443";
    }

    @Test
    void aTargetNobodyLeasedHasNoLeases() {
        assertThat(store.read(target)).isEqualTo(TargetLeases.NONE);
    }

    @Test
    void leasesAreStoredWholeAndReadBackExactly() {
        TargetLeases leases = new TargetLeases(
                1,
                Map.of(
                        "batchv2_A", new TargetLeases.Lease(50, 30, 1_800_000_002_000L, 50, 1_800_000_001_100L),
                        "batchv2_B", new TargetLeases.Lease(20, 0, 1_800_000_002_500L, 0, 0)));

        assertThat(store.replace(target, 0, leases)).isTrue();

        assertThat(store.read(target)).isEqualTo(leases);
    }

    @Test
    void onlyOneOfTwoWritersFromTheSameVersionWins() {
        TargetLeases first = TargetLeases.NONE.grant("batchv2_A", 40, 60, 1_800_000_000_000L);
        TargetLeases second = TargetLeases.NONE.grant("batchv2_B", 40, 60, 1_800_000_000_000L);

        assertThat(store.replace(target, 0, first)).isTrue();
        assertThat(store.replace(target, 0, second)).isFalse();
        TargetLeases stored = store.read(target);
        assertThat(stored).isEqualTo(first);

        TargetLeases renewed = stored.grant("batchv2_B", 40, 60, 1_800_000_000_100L);
        assertThat(store.replace(target, stored.version(), renewed)).isTrue();
        assertThat(store.replace(target, stored.version(), stored.grant("batchv2_C", 5, 60, 1_800_000_000_200L)))
                .isFalse();
        assertThat(store.read(target).leases()).containsOnlyKeys("batchv2_A", "batchv2_B");
    }
}
