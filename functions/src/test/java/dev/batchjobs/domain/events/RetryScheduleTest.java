package dev.batchjobs.domain.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Backoff with a cap and jitter: the random value is varied, not fixed at its middle. */
class RetryScheduleTest {
    private static final RetrySchedule SCHEDULE = RetrySchedule.DEFAULT;

    @Test
    void theDelayDoublesFromOneMinute() {
        assertThat(SCHEDULE.delayAfter(1, () -> 0.5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(SCHEDULE.delayAfter(2, () -> 0.5)).isEqualTo(Duration.ofMinutes(2));
        assertThat(SCHEDULE.delayAfter(5, () -> 0.5)).isEqualTo(Duration.ofMinutes(16));
    }

    @Test
    void theDelayIsCappedAtTwoHoursHoweverManyFailures() {
        assertThat(SCHEDULE.delayAfter(8, () -> 0.5)).isEqualTo(Duration.ofHours(2));
        assertThat(SCHEDULE.delayAfter(40, () -> 0.5)).isEqualTo(Duration.ofHours(2));
        assertThat(SCHEDULE.delayAfter(Integer.MAX_VALUE, () -> 1.0)).isEqualTo(Duration.ofMinutes(150));
    }

    @Test
    void jitterSpreadsTheDelayBetween75And125Percent() {
        assertThat(SCHEDULE.delayAfter(3, () -> 0.0)).isEqualTo(Duration.ofMinutes(3));
        assertThat(SCHEDULE.delayAfter(3, () -> 1.0)).isEqualTo(Duration.ofMinutes(5));
        assertThat(SCHEDULE.delayAfter(3, () -> 0.25)).isEqualTo(Duration.ofMillis(210_000));
        assertThat(SCHEDULE.delayAfter(20, () -> 0.0)).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void aDelayIsNeverZero() {
        RetrySchedule tiny = new RetrySchedule(Duration.ZERO, Duration.ofHours(2), Duration.ofDays(3));

        assertThat(tiny.delayAfter(1, () -> 0.0)).isEqualTo(Duration.ofMillis(1));
    }
}
