package dev.batchjobs.testing;

import dev.batchjobs.domain.AccountScope;
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
    public synchronized Optional<EventDestination> find(AccountScope scope, String id) {
        return Optional.ofNullable(destinations.get(id)).filter(d -> d.scope().equals(scope));
    }

    @Override
    public synchronized List<EventDestination> list(AccountScope scope) {
        return destinations.values().stream()
                .filter(d -> d.scope().equals(scope))
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
                || !stored.scope().equals(current.scope())) {
            throw new DestinationConflictException(current.id());
        }
        destinations.put(next.id(), next);
    }

    @Override
    public synchronized boolean delete(AccountScope scope, String id) {
        EventDestination stored = destinations.get(id);
        if (stored == null || !stored.scope().equals(scope)) {
            return false;
        }
        destinations.remove(id);
        return true;
    }
}
