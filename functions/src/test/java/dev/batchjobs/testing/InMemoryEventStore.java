package dev.batchjobs.testing;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.PageCursor;
import dev.batchjobs.domain.events.EventPage;
import dev.batchjobs.domain.events.EventQuery;
import dev.batchjobs.domain.events.EventStore;
import dev.batchjobs.domain.events.JobEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** {@link EventStore} in memory; {@code EventStoreContract} holds it to the DynamoDB semantics. */
public final class InMemoryEventStore implements EventStore {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Map<String, JobEvent> events = new LinkedHashMap<>();
    private final Set<String> unpublished = new LinkedHashSet<>();

    /** What the job store does inside its atomic write. */
    synchronized void add(List<JobEvent> added) {
        for (JobEvent event : added) {
            if (events.containsKey(event.id())) {
                throw new IllegalStateException("Duplicate event id " + event.id());
            }
        }
        for (JobEvent event : added) {
            events.put(event.id(), event);
            unpublished.add(event.id());
        }
    }

    /** Stores events as the job store does with a change: for tests that need an event with a known id. */
    public void store(JobEvent... stored) {
        add(List.of(stored));
    }

    /** Every event stored, oldest first: for tests. */
    public synchronized List<JobEvent> all() {
        return new ArrayList<>(events.values());
    }

    @Override
    public synchronized Optional<JobEvent> find(String accountId, String eventId) {
        return Optional.ofNullable(events.get(eventId))
                .filter(e -> e.accountId().equals(accountId));
    }

    @Override
    public synchronized Optional<JobEvent> find(AccountScope scope, String eventId) {
        return Optional.ofNullable(events.get(eventId)).filter(e -> e.scope().equals(scope));
    }

    @Override
    public synchronized EventPage list(AccountScope scope, EventQuery query) {
        String after = query.cursor().map(InMemoryEventStore::decode).orElse(null);
        List<JobEvent> matching = events.values().stream()
                .filter(e -> e.scope().equals(scope))
                .filter(query::matches)
                .sorted(Comparator.comparing(InMemoryEventStore::listKey).reversed())
                .filter(e -> after == null || listKey(e).compareTo(after) < 0)
                .limit(query.limit() + 1L)
                .toList();
        if (matching.size() > query.limit()) {
            List<JobEvent> page = matching.subList(0, query.limit());
            JobEvent last = page.get(page.size() - 1);
            return new EventPage(
                    page, Optional.of(PageCursor.encodeAfter(PageCursor.EVENTS, last.created(), last.id())));
        }
        return new EventPage(matching, Optional.empty());
    }

    @Override
    public synchronized List<JobEvent> unpublished(Instant before, int limit) {
        String cutoff = FORMAT.format(before);
        return unpublished.stream()
                .map(events::get)
                .filter(e -> listKey(e).compareTo(cutoff) < 0)
                .sorted(Comparator.comparing(InMemoryEventStore::listKey))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized void markPublished(List<JobEvent> published) {
        published.forEach(e -> unpublished.remove(e.id()));
    }

    private static String listKey(JobEvent event) {
        return FORMAT.format(event.created()) + "#" + event.id();
    }

    /** The list key a cursor starts after, as the DynamoDB store reads it. */
    private static String decode(String cursor) {
        PageCursor.TimeAndId after =
                PageCursor.decodeAfter(PageCursor.EVENTS, cursor, Pattern.compile("evt_[A-Za-z0-9]+"));
        return FORMAT.format(after.created()) + "#" + after.id();
    }
}
