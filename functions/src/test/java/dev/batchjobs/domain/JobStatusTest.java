package dev.batchjobs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusTest {

    @Test
    void wireNamesAreTheReferenceEnumPlusPaused() {
        assertThat(Arrays.stream(JobStatus.values())
                        .filter(s -> s != JobStatus.PAUSED)
                        .map(JobStatus::wireName))
                .containsExactlyInAnyOrder(
                        "batch_failed",
                        "canceled",
                        "cancelling",
                        "complete",
                        "in_progress",
                        "ready_for_upload",
                        "timeout",
                        "upload_timeout",
                        "validating",
                        "validation_failed");
    }

    @ParameterizedTest
    @EnumSource(
            value = JobStatus.class,
            names = {"COMPLETE", "VALIDATION_FAILED", "BATCH_FAILED", "CANCELED", "UPLOAD_TIMEOUT", "TIMEOUT"})
    void terminalStatusesGoNowhere(JobStatus terminal) {
        assertThat(terminal.isTerminal()).isTrue();
        for (JobStatus next : JobStatus.values()) {
            assertThat(terminal.canMoveTo(next)).as(terminal + " -> " + next).isFalse();
        }
    }

    @Test
    void theUploadEventStartsValidationOrProcessing() {
        assertThat(JobStatus.READY_FOR_UPLOAD.canMoveTo(JobStatus.VALIDATING)).isTrue();
        assertThat(JobStatus.READY_FOR_UPLOAD.canMoveTo(JobStatus.IN_PROGRESS)).isTrue();
        assertThat(JobStatus.READY_FOR_UPLOAD.canMoveTo(JobStatus.COMPLETE)).isFalse();
    }

    @Test
    void cancelGoesThroughCancellingOnceWorkHasStarted() {
        assertThat(JobStatus.READY_FOR_UPLOAD.canMoveTo(JobStatus.CANCELED)).isTrue();
        assertThat(JobStatus.IN_PROGRESS.canMoveTo(JobStatus.CANCELED)).isFalse();
        assertThat(JobStatus.IN_PROGRESS.canMoveTo(JobStatus.CANCELLING)).isTrue();
        assertThat(JobStatus.CANCELLING.canMoveTo(JobStatus.CANCELED)).isTrue();
        assertThat(JobStatus.CANCELLING.canMoveTo(JobStatus.COMPLETE)).isFalse();
    }

    @Test
    void onlyARunningJobPausesAndAPausedOneResumesCancelsOrEnds() {
        for (JobStatus from : JobStatus.values()) {
            assertThat(from.canMoveTo(JobStatus.PAUSED))
                    .as(from + " -> paused")
                    .isEqualTo(from == JobStatus.IN_PROGRESS);
        }
        assertThat(JobStatus.PAUSED.canMoveTo(JobStatus.IN_PROGRESS)).isTrue();
        assertThat(JobStatus.PAUSED.canMoveTo(JobStatus.CANCELLING)).isTrue();
        assertThat(JobStatus.PAUSED.canMoveTo(JobStatus.CANCELED)).isFalse();
        assertThat(JobStatus.PAUSED.canMoveTo(JobStatus.TIMEOUT)).isTrue();
        assertThat(JobStatus.PAUSED.isTerminal()).isFalse();
        assertThat(MeteroidStatus.of(JobStatus.PAUSED, JobCounts.ZERO)).isEqualTo(MeteroidStatus.PROCESSING);
    }

    @Test
    void anIllegalMoveIsATypedException() {
        assertThatThrownBy(() -> JobStatus.COMPLETE.checkMoveTo(JobStatus.IN_PROGRESS))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                    assertThat(e.from()).isEqualTo(JobStatus.COMPLETE);
                    assertThat(e.to()).isEqualTo(JobStatus.IN_PROGRESS);
                });
    }

    @Test
    void wireNamesRoundTrip() {
        for (JobStatus status : JobStatus.values()) {
            assertThat(JobStatus.fromWireName(status.wireName())).contains(status);
        }
        assertThat(JobStatus.fromWireName("cancelled")).isEmpty();
    }
}
