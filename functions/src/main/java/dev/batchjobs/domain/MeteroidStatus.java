package dev.batchjobs.domain;

/**
 * A job's status as the Meteroid-compatible surface names it ({@code BatchJobStatus} of its OpenAPI), mapped
 * from the one lifecycle: {@code ready_for_upload} → PENDING, {@code validating} → CHUNKING, {@code in_progress}
 * {@code cancelling} and {@code paused} → PROCESSING, {@code complete} → COMPLETED, or COMPLETED_WITH_ERRORS when any row
 * failed; the failures → FAILED; {@code canceled} → CANCELLED.
 */
public enum MeteroidStatus {
    PENDING,
    CHUNKING,
    PROCESSING,
    COMPLETED,
    COMPLETED_WITH_ERRORS,
    FAILED,
    CANCELLED;

    public static MeteroidStatus of(JobStatus status, JobCounts counts) {
        return switch (status) {
            case READY_FOR_UPLOAD -> PENDING;
            case VALIDATING -> CHUNKING;
            case IN_PROGRESS, CANCELLING, PAUSED -> PROCESSING;
            case COMPLETE -> counts.failed() > 0 ? COMPLETED_WITH_ERRORS : COMPLETED;
            case VALIDATION_FAILED, BATCH_FAILED, UPLOAD_TIMEOUT, TIMEOUT -> FAILED;
            case CANCELED -> CANCELLED;
        };
    }

    public static MeteroidStatus of(BatchJob job) {
        return of(job.status(), job.counts());
    }
}
