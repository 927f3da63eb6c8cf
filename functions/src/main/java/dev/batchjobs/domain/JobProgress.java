package dev.batchjobs.domain;

import dev.batchjobs.domain.events.JobEvent;
import java.time.Duration;
import java.util.List;

/**
 * What the pipeline and the workers record about a job while it runs: progress, not transitions, so no version
 * change and no race with a concurrent transition.
 */
public interface JobProgress extends JobReads {

    /** Sets {@code validated_count} while validation runs. */
    void recordValidated(String jobId, long validated);

    /** Sets the number of rows once the input is planned. */
    void recordTotalRows(String jobId, long totalRows);

    /** Records a CSV file's header (its column names) once the upload has been read, for the workers. */
    void recordInputHeader(String jobId, List<String> header);

    /**
     * Stores a progress event (an {@code updated} about the counters of {@code seen}, the job as just read) unless
     * the job has changed since in status or version (a status change's own events then carry the news, and a
     * progress event must never arrive after the event of a later status) or its last progress event is younger
     * than {@code minInterval}. The checks and the write are one atomic step, so concurrent workers never emit two
     * within the interval. Returns whether it stored the event.
     */
    boolean recordProgressEvent(BatchJob seen, JobEvent event, Duration minInterval);
}
