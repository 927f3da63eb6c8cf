package dev.batchjobs.domain.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.target.TargetLeases.Lease;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetLeasesTest {
    private static final long T = 1_800_000_000_000L;

    @Test
    void theFirstJobGetsWhatItAsksUpToTheCeilingForTwoSeconds() {
        TargetLeases leases = TargetLeases.NONE.grant("a", 40, 60, T);
        assertThat(leases.version()).isEqualTo(1);
        assertThat(leases.leases()).isEqualTo(Map.of("a", new Lease(40, 40, T + 2_000, 0, 0)));
        assertThat(TargetLeases.NONE.grant("a", 90, 60, T).rateOf("a")).isEqualTo(60);
    }

    @Test
    void aNewcomerGetsOnlyWhatTheOthersLeaveNowAndTheirLeasesStayAsTheyAre() {
        TargetLeases one = TargetLeases.NONE.grant("a", 40, 60, T);
        TargetLeases two = one.grant("b", 40, 60, T);
        assertThat(two.version()).isEqualTo(2);
        assertThat(two.rateOf("b")).isEqualTo(20); // fair share 30, but a still occupies 40
        assertThat(two.leases().get("a")).isEqualTo(one.leases().get("a"));
    }

    @Test
    void aDecreaseKeepsTheOldRateInTheWindowForOneMoreSecondAndNeverExtendsIt() {
        TargetLeases two = TargetLeases.NONE.grant("a", 40, 60, T).grant("b", 40, 60, T);
        TargetLeases lowered = two.grant("a", 40, 60, T + 100);
        assertThat(lowered.leases().get("a")).isEqualTo(new Lease(40, 30, T + 2_100, 40, T + 1_200));

        TargetLeases again = lowered.grant("a", 40, 60, T + 600);
        assertThat(again.leases().get("a").peak()).isEqualTo(40);
        assertThat(again.leases().get("a").peakUntilMillis()).isEqualTo(T + 1_200);

        TargetLeases after = again.grant("a", 40, 60, T + 1_200);
        assertThat(after.leases().get("a").peak()).isZero();
        assertThat(after.leases().get("a").peakUntilMillis()).isZero();
    }

    @Test
    void anIncreaseOrADecreaseAfterTheOldRateLeftTheWindowHasNoPeak() {
        TargetLeases low = TargetLeases.NONE.grant("a", 10, 60, T);
        assertThat(low.grant("a", 50, 60, T + 100).leases().get("a")).isEqualTo(new Lease(50, 50, T + 2_100, 0, 0));

        TargetLeases high = TargetLeases.NONE.grant("a", 50, 60, T);
        assertThat(high.grant("a", 10, 60, T + 3_100).leases().get("a")).isEqualTo(new Lease(10, 10, T + 5_100, 0, 0));
        assertThat(high.grant("a", 10, 60, T + 3_099).leases().get("a").peak()).isEqualTo(50);
    }

    @Test
    void aLeaseOccupiesItsRateUntilItEndsAndOneHoldMoreThenNothing() {
        Lease lease = new Lease(40, 30, T, 40, T - 500);
        assertThat(lease.occupancy(T - 501)).isEqualTo(40);
        assertThat(lease.occupancy(T - 500)).isEqualTo(30);
        assertThat(lease.occupancy(T + 1_099)).isEqualTo(30);
        assertThat(lease.occupancy(T + 1_100)).isZero();
        assertThat(new Lease(40, 30, T, 20, T + 50).occupancy(T)).isEqualTo(30);
        assertThat(lease.live(T - 1)).isTrue();
        assertThat(lease.live(T)).isFalse();
    }

    @Test
    void anEndedLeaseStillInTheWindowCountsAgainstTheCeilingButClaimsNoShare() {
        TargetLeases a = TargetLeases.NONE.grant("a", 40, 60, T);
        TargetLeases b = a.grant("b", 60, 60, T + 2_000); // a ended at T + 2,000 but holds its 40 a second more
        assertThat(b.rateOf("b")).isEqualTo(20);
        assertThat(b.leases()).containsKey("a");

        TargetLeases later = a.grant("b", 60, 60, T + 3_100); // a has left the window: dropped
        assertThat(later.rateOf("b")).isEqualTo(60);
        assertThat(later.leases()).containsOnlyKeys("b");
    }

    @Test
    void aCeilingLoweredBelowWhatOthersHoldGrantsNothingRatherThanANegativeRate() {
        TargetLeases a = TargetLeases.NONE.grant("a", 50, 60, T);
        assertThat(a.grant("b", 20, 30, T + 10).rateOf("b")).isZero();
    }

    @Test
    void aJobWithoutALeaseHasRateZero() {
        assertThat(TargetLeases.NONE.rateOf("a")).isZero();
        assertThat(TargetLeases.NONE.grant("a", 5, 60, T).rateOf("b")).isZero();
    }

    @Test
    void theRemainderOfAnEvenSplitGoesToTheLastByDemandThenJobId() {
        assertThat(TargetLeases.fairShares(Map.of("a", 50, "b", 50, "c", 50), 100))
                .isEqualTo(Map.of("a", 33, "b", 33, "c", 34));
        assertThat(TargetLeases.fairShares(Map.of("c", 10, "b", 50, "a", 50), 61))
                .isEqualTo(Map.of("c", 10, "a", 25, "b", 26));
        assertThat(TargetLeases.fairShares(Map.of("a", 0, "b", 5), 0)).isEqualTo(Map.of("a", 0, "b", 0));
    }

    @Test
    void theLogTextListsTheLeasesByJobId() {
        TargetLeases leases = new TargetLeases(7, Map.of("b", new Lease(1, 1, 2, 0, 0), "a", new Lease(3, 3, 4, 0, 0)));
        assertThat(leases.toString())
                .isEqualTo("TargetLeases[v7, a=Lease[demand=3, rate=3, untilMillis=4, peak=0, peakUntilMillis=0],"
                        + " b=Lease[demand=1, rate=1, untilMillis=2, peak=0, peakUntilMillis=0]]");
        assertThat(TargetLeases.NONE.toString()).isEqualTo("TargetLeases[v0]");
    }
}
