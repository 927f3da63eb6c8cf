package dev.batchjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventItemsTest {
    @Test
    void unpublishedEventsSpreadOverEveryOutboxShardAndTheSweeperReadsThemAll() {
        Map<String, Integer> perShard = new HashMap<>();
        for (int i = 0; i < 4_000; i++) {
            String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
            perShard.merge(EventItems.outboxShard(id), 1, Integer::sum);
        }

        assertThat(perShard).hasSize(EventItems.OUTBOX_SHARDS);
        // A fair spread: no shard holds more than twice its share.
        assertThat(perShard.values()).allSatisfy(count -> assertThat(count).isBetween(125, 500));
        assertThat(EventItems.outboxKeys()).containsAll(perShard.keySet()).contains(EventItems.MARKER);
    }

    @Test
    void anEventsShardDependsOnlyOnItsId() {
        assertThat(EventItems.outboxShard("evt_abc")).isEqualTo(EventItems.outboxShard("evt_abc"));
    }
}
