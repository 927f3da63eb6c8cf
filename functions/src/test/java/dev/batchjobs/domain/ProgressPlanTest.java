package dev.batchjobs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.batchjobs.testing.SampleJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressPlanTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void theRateIsTheRowsOfTheLastMinuteAndOlderSamplesAreForgotten() {
        RateWindow window = RateWindow.EMPTY;
        for (int s = 1; s <= 90; s++) {
            window = window.plus(T0.plusSeconds(s), 10);
        }

        assertThat(window.samples()).as("the samples of the last minute").hasSize(60);
        assertThat(window.rowsPerSecond(T0.plusSeconds(90), null)).isCloseTo(10.0, offset(0.2));
        assertThat(window.rowsPerSecond(T0.plusSeconds(120), null))
                .as("half a minute with nothing ended")
                .isCloseTo(5.0, offset(0.2));
        assertThat(window.rowsPerSecond(T0.plusSeconds(200), null)).isZero();
    }

    @Test
    void aYoungJobIsMeasuredSinceItStartedNotOverAWholeMinute() {
        RateWindow window = RateWindow.EMPTY.plus(T0.plusSeconds(1), 5).plus(T0.plusSeconds(2), 5);

        assertThat(window.rowsPerSecond(T0.plusSeconds(2), T0)).isEqualTo(5.0);
        assertThat(window.rowsPerSecond(T0.plusSeconds(2), null)).isLessThan(0.2);
    }

    @Test
    void aRunningJobPlansItsCompletionAndAPausedOneDoesNot() {
        BatchJob running = SampleJobs.withStatus("acct_a", T0, JobStatus.IN_PROGRESS);
        RateWindow window = new RateWindow(List.of(
                new RateWindow.Sample(T0.plusSeconds(30), 100), new RateWindow.Sample(T0.plusSeconds(60), 100)));
        BatchJob counted = running.withCounts(new JobCounts(0, 190, 10, 1400, window));
        Instant now = T0.plusSeconds(60);

        ProgressPlan plan = ProgressPlan.of(counted, now).orElseThrow();

        assertThat(plan.totalCount()).isEqualTo(1400);
        assertThat(plan.rowsPerSecondText()).isEqualTo("3.33");
        // 1200 rows left at 200 rows a minute: six minutes.
        assertThat(Duration.between(now, plan.estimatedCompletionAt()).toSeconds())
                .isEqualTo(360);
        BatchJob paused = counted.pause("requested", now).orElseThrow();
        assertThat(ProgressPlan.of(paused, now).orElseThrow().estimatedCompletionAt())
                .isNull();
        assertThat(ProgressPlan.of(counted.finish(false, now), now)).isEmpty();
    }

    @Test
    void withoutATotalOrARateThereIsNoEstimate() {
        BatchJob running = SampleJobs.withStatus("acct_a", T0, JobStatus.IN_PROGRESS);

        ProgressPlan plan = ProgressPlan.of(running, T0.plusSeconds(5)).orElseThrow();

        assertThat(plan.rowsPerSecondText()).isEqualTo("0.00");
        assertThat(plan.estimatedCompletionAt()).isNull();
    }
}
