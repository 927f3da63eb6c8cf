package dev.batchjobs.domain.chunks;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobConflictException;
import dev.batchjobs.domain.JobWrites;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The failure threshold, checked after each checkpoint (whose counts are then on the job): once passed, the job
 * pauses or ends {@code batch_failed} in one conditional write ({@link BatchJob#stopForFailures}). The workers see the
 * new status within about a second, as they see a cancel. A lost race re-reads the job: whoever moved it first wins,
 * and a job no longer in progress is left as it is.
 */
public final class StopOnFailures implements FailureGuard {
    private static final int MAX_CONFLICT_RETRIES = 5;

    private final JobWrites jobs;
    private final Clock clock;

    public StopOnFailures(JobWrites jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public void afterCheckpoint(String accountId, String jobId) {
        Optional<BatchJob> found = jobs.find(accountId, jobId);
        for (int attempt = 0; found.isPresent() && attempt < MAX_CONFLICT_RETRIES; attempt++) {
            Optional<BatchJob> stopped =
                    found.get().stopForFailures(clock.instant().truncatedTo(ChronoUnit.MILLIS));
            if (stopped.isEmpty()) {
                return;
            }
            try {
                jobs.update(found.get(), stopped.get());
                return;
            } catch (JobConflictException moved) {
                found = Optional.of(moved.current());
            }
        }
    }
}
