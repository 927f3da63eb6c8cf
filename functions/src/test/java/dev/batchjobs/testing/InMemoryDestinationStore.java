package dev.batchjobs.testing;

import dev.batchjobs.domain.events.DestinationConflictException;
import dev.batchjobs.domain.events.DestinationStore;
import dev.batchjobs.domain.events.EventDestination;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link DestinationStore} in memory; {@code DestinationStoreContract} holds it to the DynamoDB semantics. */
public final class InMemoryDestinationStore implements DestinationStore {
    private final Map<String, EventDestination> destinations = new LinkedHashMap<>();

    @Override
    public synchronized void create(EventDestination destination) {
        if (destinations.putIfAbsent(destination.id(), destination) != null) {
            throw new IllegalStateException("Duplicate destination id " + destination.id());
        }
    }

    @Override
    public synchronized Optional<EventDestination> find(String accountId, String id) {
        return Optional.ofNullable(destinations.get(id))
                .filter(d -> d.accountId().equals(accountId));
    }

    @Override
    public synchronized List<EventDestination> list(String accountId) {
        return destinations.values().stream()
                .filter(d -> d.accountId().equals(accountId))
                .sorted(Comparator.comparing((EventDestination d) -> d.created())
                        .thenComparing(EventDestination::id)
                        .reversed())
                .toList();
    }

    @Override
    public synchronized void update(EventDestination current, EventDestination next) {
        EventDestination stored = destinations.get(current.id());
        if (stored == null
                || stored.version() != current.version()
                || !stored.accountId().equals(current.accountId())) {
            throw new DestinationConflictException(current.id());
        }
        destinations.put(next.id(), next);
    }

    @Override
    public synchronized boolean delete(String accountId, String id) {
        EventDestination stored = destinations.get(id);
        if (stored == null || !stored.accountId().equals(accountId)) {
            return false;
        }
        destinations.remove(id);
        return true;
    }
}
