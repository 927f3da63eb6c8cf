package dev.batchjobs.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.ProcessingTimeouts;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's processing timeouts, and the bucket's working-data retention that must outlive them. */
class ProcessingTimeoutConfigTest {
    @Test
    void unsetMeansStripesTwentyFourHoursForEveryJobAndAsTheCap() {
        assertThat(Config.timeouts(Map.of())).isEqualTo(ProcessingTimeouts.DEFAULT);
    }

    @Test
    void aRaisedCapWithWorkingDataKeptADayLongerIsTaken() {
        ProcessingTimeouts timeouts = Config.timeouts(
                Map.of(Config.MAX_PROCESSING_TIMEOUT_SECONDS, "604800", Config.WORKING_DATA_RETENTION_DAYS, "8"));

        assertThat(timeouts.standard()).isEqualTo(Duration.ofHours(24));
        assertThat(timeouts.maximum()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aCapTheWorkingDataWouldNotOutliveIsRefusedAtColdStartNamingBothSettings() {
        assertThatThrownBy(() -> Config.timeouts(Map.of(
                        Config.MAX_PROCESSING_TIMEOUT_SECONDS, "604801", Config.WORKING_DATA_RETENTION_DAYS, "8")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WORKING_DATA_RETENTION_DAYS (8) must be at least a day more than "
                        + "MAX_PROCESSING_TIMEOUT_SECONDS in days (8 + 1)");
    }

    @Test
    void aCapBelowTheDefaultIsRefused() {
        assertThatThrownBy(() -> Config.timeouts(Map.of(
                        Config.PROCESSING_TIMEOUT_SECONDS, "7200", Config.MAX_PROCESSING_TIMEOUT_SECONDS, "3600")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("MAX_PROCESSING_TIMEOUT_SECONDS (3600) must be at least PROCESSING_TIMEOUT_SECONDS (7200)");
    }

    @Test
    void aDefaultAboveTheUsualCapRaisesTheCapWithItWhenTheCapIsUnset() {
        ProcessingTimeouts timeouts = Config.timeouts(
                Map.of(Config.PROCESSING_TIMEOUT_SECONDS, "172800", Config.WORKING_DATA_RETENTION_DAYS, "3"));

        assertThat(timeouts.maximum()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void workingDataRetentionIsWholeDays() {
        assertThatThrownBy(() -> Config.timeouts(Map.of(Config.WORKING_DATA_RETENTION_DAYS, "1.5")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("WORKING_DATA_RETENTION_DAYS must be a number of days from 1 to 3650, not '1.5'");
    }
}
