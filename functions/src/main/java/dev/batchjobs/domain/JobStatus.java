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
    COMPLETE("complete"),
    VALIDATION_FAILED("validation_failed"),
    BATCH_FAILED("batch_failed"),
    CANCELED("canceled"),
    UPLOAD_TIMEOUT("upload_timeout"),
    TIMEOUT("timeout");

    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(
            READY_FOR_UPLOAD, EnumSet.of(VALIDATING, IN_PROGRESS, CANCELED, UPLOAD_TIMEOUT, BATCH_FAILED),
            VALIDATING, EnumSet.of(IN_PROGRESS, VALIDATION_FAILED, CANCELLING, BATCH_FAILED, TIMEOUT),
            IN_PROGRESS, EnumSet.of(COMPLETE, CANCELLING, BATCH_FAILED, TIMEOUT),
            CANCELLING, EnumSet.of(CANCELED, BATCH_FAILED, TIMEOUT),
            COMPLETE, EnumSet.noneOf(JobStatus.class),
            VALIDATION_FAILED, EnumSet.noneOf(JobStatus.class),
            BATCH_FAILED, EnumSet.noneOf(JobStatus.class),
            CANCELED, EnumSet.noneOf(JobStatus.class),
            UPLOAD_TIMEOUT, EnumSet.noneOf(JobStatus.class),
            TIMEOUT, EnumSet.noneOf(JobStatus.class));

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
