package dev.batchjobs.domain.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.EndpointRef;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.NotificationScope;
import dev.batchjobs.json.Json;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SimulatedTarget;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint that falls due by the clock waits for its minimum of rows, at most three intervals: a slow job saves
 * less often, a fast one as before (production: 5 s, 1,000 rows, 150 at least; BENCHMARKS.md, the cost on paper).
 */
class CheckpointMinimumTest {
    private final SendRows.Settings production = new SendRows.Settings(256, Duration.ofSeconds(5), 1_000, 150);

    @Test
    void dueByTheClockWithFewRowsItWaits() {
        assertThat(production.checkpointDue(50, Duration.ofSeconds(5))).isFalse();
        assertThat(production.checkpointDue(149, Duration.ofSeconds(14))).isFalse();
        // The loop sleeps until the cap unless more rows finish (each finished row wakes it).
        assertThat(production.untilCheckpointDue(50, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void dueByTheClockWithItsMinimumItSaves() {
        assertThat(production.checkpointDue(150, Duration.ofSeconds(5))).isTrue();
        assertThat(production.checkpointDue(150, Duration.ofMillis(4_999))).isFalse();
        assertThat(production.untilCheckpointDue(150, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void atTheCapItSavesWhateverFinished() {
        assertThat(production.checkpointCap()).isEqualTo(Duration.ofSeconds(15));
        assertThat(production.checkpointDue(1, Duration.ofSeconds(15))).isTrue();
        assertThat(production.checkpointDue(1, Duration.ofMillis(14_999))).isFalse();
        assertThat(production.checkpointDue(0, Duration.ofSeconds(60)))
                .as("nothing to save")
                .isFalse();
    }

    @Test
    void theRowCadenceIsUnchanged() {
        assertThat(production.checkpointDue(1_000, Duration.ZERO)).isTrue();
        assertThat(production.checkpointDue(999, Duration.ofSeconds(4))).isFalse();
        // At 100 rps an interval holds 500 rows: saved every 5 s, as without the minimum.
        assertThat(production.checkpointDue(500, Duration.ofSeconds(5))).isTrue();
        SendRows.Settings none = new SendRows.Settings(256, Duration.ofSeconds(5), 1_000);
        assertThat(none.checkpointDue(1, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void aSlowRunSavesAtTheCap() throws InterruptedException {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
        SimulatedTarget target = new SimulatedTarget(clock);
        List<List<RowResult>> checkpoints = new CopyOnWriteArrayList<>();
        SendRows runner = new SendRows(
                target,
                new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5)),
                clock,
                target,
                () -> 0.5,
                new SendRows.Settings(16, Duration.ofSeconds(1), 1_000, 100));

        runner.run(
                new SendRows.JobTarget(
                        new Target(URI.create("https://target.test"), TargetEncoding.FORM, "Stripe-Account", "X"),
                        "batchv2_J",
                        new EndpointRef("/v1/customers/:id", HttpMethod.POST),
                        NotificationScope.NONE),
                LongStream.range(0, 20)
                        .mapToObj(i -> PendingRow.valid(
                                i,
                                "r" + i,
                                Json.parseBody("{\"id\": \"r" + i + "\", \"path_params\": {\"id\": \"c\"}}")))
                        .iterator(),
                new RatePacer(2, clock, List.of()),
                () -> false,
                (finished, history) -> checkpoints.add(finished));

        // 2 rows a second, 100 at least: not every second but at the cap, 3 s, about 6 rows. The copy is taken when the
        // loop decides; the save runs on a thread of its own, and one that is still saving when the next falls due
        // holds it back, so how many there are depends on that thread (with every second's 2 rows, at least 5 more).
        assertThat(checkpoints.stream().mapToInt(List::size).sum()).isEqualTo(20);
        assertThat(checkpoints.get(0).size()).isBetween(5, 7);
        assertThat(checkpoints.subList(0, checkpoints.size() - 1))
                .allSatisfy(c -> assertThat(c.size()).isGreaterThanOrEqualTo(5));
    }
}
