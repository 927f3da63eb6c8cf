package dev.batchjobs.testing;

import dev.batchjobs.domain.events.EventPublisher;
import dev.batchjobs.domain.events.JobEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** An event bus that remembers what was put on it, and can be made to refuse (an outage). */
public final class RecordingEventPublisher implements EventPublisher {
    private final List<JobEvent> published = new ArrayList<>();
    private boolean down;
    private Predicate<JobEvent> refused = event -> false;

    @Override
    public synchronized void publish(List<JobEvent> events) {
        if (down) {
            throw new IllegalStateException("The bus is unreachable");
        }
        if (events.stream().anyMatch(refused)) {
            throw new IllegalStateException("The bus refuses the batch");
        }
        published.addAll(events);
    }

    /** Refuses every batch that holds such an event (a poison entry), until told otherwise. */
    public synchronized void refuse(Predicate<JobEvent> which) {
        this.refused = which;
    }

    public synchronized List<JobEvent> published() {
        return List.copyOf(published);
    }

    public synchronized List<String> types() {
        return published.stream().map(JobEvent::type).toList();
    }

    public synchronized void down(boolean isDown) {
        this.down = isDown;
    }
}
