package dev.batchjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.events.JobEvent;
import java.time.Instant;
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

    /** Kept 30 days, as Stripe keeps events: the TTL attribute the events table expires on (TemplateEventsTest). */
    @Test
    void anEventExpiresThirtyDaysAfterItHappened() {
        Instant created = Instant.parse("2026-11-23T10:05:00Z");
        JobEvent event = new JobEvent(
                "evt_1",
                "acct_sample",
                false,
                "v2.core.batch_job.completed",
                created,
                "batchv2_job1",
                null,
                Map.of(),
                new JobEvent.Counts("complete", 2, 2, 0, 2));

        assertThat(EventItems.toItem(event).get("expires_at_epoch").n())
                .isEqualTo(String.valueOf(Instant.parse("2026-12-23T10:05:00Z").getEpochSecond()));
    }

    @Test
    void aRetrysEventKeepsTheJobItRetriesAndOtherEventsHaveNone() {
        Instant created = Instant.parse("2026-11-23T10:05:00Z");
        JobEvent retry = new JobEvent(
                "evt_2",
                "acct_sample",
                false,
                "v2.core.batch_job.completed",
                created,
                "batchv2_retry",
                "batchv2_parent",
                Map.of(),
                new JobEvent.Counts("complete", 1, 1, 0, 1));
        JobEvent plain = new JobEvent(
                "evt_3",
                "acct_sample",
                false,
                "v2.core.batch_job.completed",
                created,
                "batchv2_job",
                null,
                Map.of(),
                new JobEvent.Counts("complete", 1, 1, 0, 1));

        assertThat(EventItems.toEvent(EventItems.toItem(retry)).retryOf()).isEqualTo("batchv2_parent");
        assertThat(EventItems.toItem(plain)).doesNotContainKey("retry_of");
        assertThat(EventItems.toEvent(EventItems.toItem(plain)).retryOf()).isNull();
    }
}
