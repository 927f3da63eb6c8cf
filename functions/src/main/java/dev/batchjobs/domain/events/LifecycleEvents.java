package dev.batchjobs.domain.events;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Ids;
import dev.batchjobs.domain.JobCounts;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.Preflight;
import dev.batchjobs.domain.ProgressPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which events a change of a job emits: the types of the Stripe guide's table (and, beyond it, {@code paused} and
 * {@code resumed}). A new job emits
 * {@code created} and {@code ready_for_upload}; every later status change emits its own type where the table
 * has one, then {@code updated}; progress emits {@code updated} alone (throttled by the caller).
 */
public final class LifecycleEvents {
    public static final String PREFIX = "v2.core.batch_job.";
    public static final String CREATED = PREFIX + "created";
    public static final String READY_FOR_UPLOAD = PREFIX + "ready_for_upload";
    public static final String VALIDATING = PREFIX + "validating";
    public static final String VALIDATION_FAILED = PREFIX + "validation_failed";
    public static final String COMPLETED = PREFIX + "completed";
    public static final String BATCH_FAILED = PREFIX + "batch_failed";
    public static final String CANCELED = PREFIX + "canceled";
    public static final String TIMEOUT = PREFIX + "timeout";
    public static final String UPLOAD_TIMEOUT = PREFIX + "upload_timeout";
    public static final String UPDATED = PREFIX + "updated";
    /** Beyond the guide: a job paused (by its caller or its failure threshold), and resumed. */
    public static final String PAUSED = PREFIX + "paused";

    public static final String RESUMED = PREFIX + "resumed";

    /** Every type a batch job can emit, in the guide's order. */
    public static final List<String> TYPES = List.of(
            CREATED,
            READY_FOR_UPLOAD,
            VALIDATING,
            VALIDATION_FAILED,
            COMPLETED,
            BATCH_FAILED,
            CANCELED,
            TIMEOUT,
            UPLOAD_TIMEOUT,
            UPDATED,
            PAUSED,
            RESUMED);

    private LifecycleEvents() {}

    public static List<JobEvent> forCreate(BatchJob job) {
        return List.of(
                event(job, CREATED, job.created()),
                event(job, READY_FOR_UPLOAD, job.created().plusMillis(1)));
    }

    /** The events of {@code current → next}; none when the status does not change (an outcome attached later). */
    public static List<JobEvent> forTransition(BatchJob current, BatchJob next) {
        if (current.status() == next.status()) {
            return List.of();
        }
        List<JobEvent> events = new ArrayList<>(2);
        statusType(next.status())
                .or(() -> current.status() == JobStatus.PAUSED && next.status() == JobStatus.IN_PROGRESS
                        ? Optional.of(RESUMED)
                        : Optional.empty())
                .ifPresent(type -> events.add(event(next, type, next.stage().updated(), leaving(current))));
        // One millisecond apart, so that the events of one change list (and replay) in the order they were emitted.
        events.add(event(next, UPDATED, next.stage().updated().plusMillis(events.size()), leaving(current)));
        return List.copyOf(events);
    }

    /** A progress {@code updated} event for the job as it stands. */
    public static JobEvent progress(BatchJob job, Instant now) {
        return event(job, UPDATED, now);
    }

    /** The event type of a status, where the guide's table names one ({@code in_progress} and {@code cancelling} have none). */
    static Optional<String> statusType(JobStatus status) {
        return Optional.ofNullable(
                switch (status) {
                    case READY_FOR_UPLOAD -> READY_FOR_UPLOAD;
                    case VALIDATING -> VALIDATING;
                    case VALIDATION_FAILED -> VALIDATION_FAILED;
                    case COMPLETE -> COMPLETED;
                    case BATCH_FAILED -> BATCH_FAILED;
                    case CANCELED -> CANCELED;
                    case TIMEOUT -> TIMEOUT;
                    case UPLOAD_TIMEOUT -> UPLOAD_TIMEOUT;
                    case PAUSED -> PAUSED;
                    case IN_PROGRESS, CANCELLING -> null;
                });
    }

    /** Whether a change from {@code current} leaves validation, whose events carry its estimate. */
    private static boolean leaving(BatchJob current) {
        return current.status() == JobStatus.VALIDATING;
    }

    private static JobEvent event(BatchJob job, String type, Instant at) {
        return event(job, type, at, false);
    }

    private static JobEvent event(BatchJob job, String type, Instant at, boolean leavingValidation) {
        boolean estimate = leavingValidation || job.status() == JobStatus.VALIDATING;
        JobCounts c = job.counts();
        return new JobEvent(
                Ids.newEventId(),
                job.accountId(),
                job.livemode(),
                type,
                at,
                job.id(),
                job.spec().lineage().retryOf(),
                job.spec().metadata(),
                new JobEvent.Counts(
                        job.status().wireName(),
                        c.validated(),
                        c.succeeded(),
                        c.failed(),
                        c.totalRows(),
                        ProgressPlan.of(job, at).orElse(null),
                        estimate ? Preflight.of(job).orElse(null) : null));
    }
}
