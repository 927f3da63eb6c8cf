package dev.batchjobs.domain.events;

import dev.batchjobs.domain.AccountScope;
import java.util.List;
import java.util.Optional;

/** Where event destinations live, per account and mode. Every change is conditional on the version read. */
public interface DestinationStore {

    void create(EventDestination destination);

    /** The destination, if it exists in this account and mode. */
    Optional<EventDestination> find(AccountScope scope, String id);

    /** Every destination of the account in one mode, newest first (an account has at most {@link DestinationService#MAX_PER_ACCOUNT}). */
    List<EventDestination> list(AccountScope scope);

    /** Replaces {@code current} with {@code next} if it is still at {@code current}'s version; else throws {@link DestinationConflictException}. */
    void update(EventDestination current, EventDestination next);

    /** Deletes the destination; false if the account has no such destination in this mode. */
    boolean delete(AccountScope scope, String id);
}
