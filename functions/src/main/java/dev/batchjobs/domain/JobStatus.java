package dev.batchjobs.domain;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lifecycle of a batch job, spelled as on the wire (the reference's {@code canceled}), and the one
 * table of the transitions it allows. Every state change in the system is checked against
 * {@link #canMoveTo(JobStatus)} before it is written.
 */
public enum JobStatus {
    READY_FOR_UPLOAD("ready_for_upload"),
    VALIDATING("validating"),
    IN_PROGRESS("in_progress"),
    CANCELLING("cancelling"),
    /** Beyond the reference: stopped by the caller (or a failure threshold) until resumed; only jobs that used pause. */
    PAUSED("paused"),
    COMPLETE("complete"),
    VALIDATION_FAILED("validation_failed"),
    BATCH_FAILED("batch_failed"),
    CANCELED("canceled"),
    UPLOAD_TIMEOUT("upload_timeout"),
    TIMEOUT("timeout");

    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.ofEntries(
            Map.entry(READY_FOR_UPLOAD, EnumSet.of(VALIDATING, IN_PROGRESS, CANCELED, UPLOAD_TIMEOUT, BATCH_FAILED)),
            Map.entry(VALIDATING, EnumSet.of(IN_PROGRESS, VALIDATION_FAILED, CANCELLING, BATCH_FAILED, TIMEOUT)),
            Map.entry(IN_PROGRESS, EnumSet.of(COMPLETE, CANCELLING, PAUSED, BATCH_FAILED, TIMEOUT)),
            Map.entry(CANCELLING, EnumSet.of(CANCELED, BATCH_FAILED, TIMEOUT)),
            // A pause can meet the last chunk finishing: the job then completes. Its deadline still ends it.
            Map.entry(PAUSED, EnumSet.of(IN_PROGRESS, CANCELLING, COMPLETE, BATCH_FAILED, TIMEOUT)),
            Map.entry(COMPLETE, EnumSet.noneOf(JobStatus.class)),
            Map.entry(VALIDATION_FAILED, EnumSet.noneOf(JobStatus.class)),
            Map.entry(BATCH_FAILED, EnumSet.noneOf(JobStatus.class)),
            Map.entry(CANCELED, EnumSet.noneOf(JobStatus.class)),
            Map.entry(UPLOAD_TIMEOUT, EnumSet.noneOf(JobStatus.class)),
            Map.entry(TIMEOUT, EnumSet.noneOf(JobStatus.class)));

    private final String wireName;

    JobStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return ALLOWED.get(this).isEmpty();
    }

    public boolean canMoveTo(JobStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Throws {@link IllegalTransitionException} unless the table allows {@code this → next}. */
    public void checkMoveTo(JobStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalTransitionException(this, next);
        }
    }

    public static Optional<JobStatus> fromWireName(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(value)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
