package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.JobPace;
import dev.batchjobs.domain.chunks.RunChunk;
import dev.batchjobs.domain.target.RateCeiling;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The slow-down after 429s, for real: the same job run twice against a target whose capacity is 14 requests a
 * second, once at a fixed 20 (so about 30% of its requests are throttled) and once slowing down. Every row ends once
 * in both; the slowed-down run needs far fewer retries and no window ever passes maximum_rps.
 */
class SlowDownIT {
    private static final int ROWS = 150;
    private static final int RPS = 20;
    private static final int CAPACITY = 14;

    private record Run(int throttled, double throttledShare, JobPace pace) {}

    private Run run(boolean slowDown) throws Exception {
        try (ThrottlingTarget target = ThrottlingTarget.start(CAPACITY)) {
            WorkerFixture fixture = new WorkerFixture(target.baseUrl(), ROWS, RPS, 50, null, RateCeiling.OFF);
            RunChunk worker = slowDown ? fixture.runChunk : fixture.runChunk.withFixedRate();

            assertThat(fixture.runAllChunks(worker)).containsOnly(RunChunk.Result.FINISHED);

            assertThat(fixture.counts().processed()).isEqualTo(ROWS);
            assertThat(WorkerFixture.busiestOneSecondWindow(fixture.starts)).isLessThanOrEqualTo(RPS);
            assertThat(WorkerFixture.busiestOneSecondWindow(target.arrivals()))
                    .isLessThanOrEqualTo(WorkerFixture.atTheTarget(RPS));
            // Every row ends exactly once: one results line each, none twice, none missing.
            assertThat(fixture.mergedRowIds())
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, ROWS).mapToObj(i -> "row_" + i).toList());
            int requests = target.arrivals().size();
            return new Run(
                    target.throttled(),
                    target.throttled() / (double) requests,
                    fixture.counts().pace());
        }
    }

    @Test
    void slowingDownOn429sFinishesEveryRowWithFarFewerRetriesThanAFixedRate() throws Exception {
        Run fixed = run(false);
        Run slowed = run(true);

        // The fixed rate really meets a target that throttles about 30% of what it sends.
        assertThat(fixed.throttledShare()).isBetween(0.2, 0.45);
        assertThat(slowed.throttled()).isLessThan(fixed.throttled() / 2);
        // The job shows what happened: the 429s counted, the rate it ended at.
        assertThat(slowed.pace().throttledCount()).isEqualTo(slowed.throttled());
        assertThat(slowed.pace().effectiveRps()).isBetween(1, RPS);
        assertThat(fixed.pace().throttledCount()).isEqualTo(fixed.throttled());
        System.out.printf(
                "SlowDownIT: fixed rate %d 429s (%.0f%% of requests), slowed down %d 429s (%.0f%%)%n",
                fixed.throttled(), 100 * fixed.throttledShare(), slowed.throttled(), 100 * slowed.throttledShare());
    }
}
