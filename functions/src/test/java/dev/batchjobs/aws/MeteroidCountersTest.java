package dev.batchjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.MeteroidStatus;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeteroidCountersTest {
    private final String counter =
            JobItems.counterKey(AccountScope.test("acct_busy"), "customer_update", MeteroidStatus.values()[0]);

    @Test
    void anAccountsJobsMoveEveryShardOfACounterAndEachJobAlwaysTheSameOne() {
        Set<String> shards = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String jobId = "batchjob_" + Integer.toString(i * 7919, 36);
            shards.add(MeteroidCounters.shard(counter, jobId));
            assertThat(MeteroidCounters.shard(counter, jobId)).isEqualTo(MeteroidCounters.shard(counter, jobId));
        }

        assertThat(shards)
                .hasSize(MeteroidCounters.SHARDS)
                .allSatisfy(key -> assertThat(key).startsWith(counter + "#"));
    }
}
