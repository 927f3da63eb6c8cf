package dev.batchjobs.domain.events;

/** A destination changed between the read and the conditional write of an update. */
public final class DestinationConflictException extends RuntimeException {
    public DestinationConflictException(String id) {
        super("Event destination " + id + " changed concurrently");
    }
}
