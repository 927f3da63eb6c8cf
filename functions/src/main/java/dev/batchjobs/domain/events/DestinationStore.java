package dev.batchjobs.domain.events;

import java.util.List;
import java.util.Optional;

/** Where event destinations live, per account. Every change is conditional on the version read. */
public interface DestinationStore {

    void create(EventDestination destination);

    /** The destination, if it exists and belongs to the account. */
    Optional<EventDestination> find(String accountId, String id);

    /** Every destination of the account, newest first (an account has at most {@link DestinationService#MAX_PER_ACCOUNT}). */
    List<EventDestination> list(String accountId);

    /** Replaces {@code current} with {@code next} if it is still at {@code current}'s version; else throws {@link DestinationConflictException}. */
    void update(EventDestination current, EventDestination next);

    /** Deletes the destination; false if the account has no such destination. */
    boolean delete(String accountId, String id);
}
