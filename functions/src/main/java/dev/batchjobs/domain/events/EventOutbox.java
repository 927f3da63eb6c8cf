package dev.batchjobs.domain.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay side of the transactional outbox. Every event is first stored, unpublished, in the same atomic
 * write as the job change it reports; {@link #publish} then puts it on the bus at once and marks it
 * published. A crash or a bus failure in between leaves it unpublished, and {@link #republishStale} (the
 * sweeper, every minute) puts it on the bus then: no change goes without its event, though an event may be
 * published twice, which at-least-once delivery allows.
 */
public final class EventOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(EventOutbox.class);

    /** The most entries one PutEvents call takes. */
    static final int BUS_BATCH = 10;

    private final EventStore store;
    private final EventPublisher publisher;

    public EventOutbox(EventStore store, EventPublisher publisher) {
        this.store = store;
        this.publisher = publisher;
    }

    /** Publishes events already stored; a failure is logged and left to the sweeper, never thrown at the caller. */
    public void publish(List<JobEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            publisher.publish(events);
            store.markPublished(events);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Publishing {} event(s) of job {} failed; the sweeper will publish them: {}",
                    events.size(),
                    events.get(0).jobId(),
                    e.toString());
        }
    }

    /**
     * Publishes the events still unpublished {@code age} after they were stored (the immediate publish died
     * with its caller), a bus batch at a time: a batch the bus refuses stays for the next sweep and holds up no
     * other. Returns how many it published.
     */
    public int republishStale(Instant now, Duration age, int limit) {
        List<JobEvent> stale = store.unpublished(now.minus(age), limit);
        int published = 0;
        for (int from = 0; from < stale.size(); from += BUS_BATCH) {
            List<JobEvent> batch = stale.subList(from, Math.min(stale.size(), from + BUS_BATCH));
            try {
                publisher.publish(batch);
                store.markPublished(batch);
                published += batch.size();
            } catch (RuntimeException e) {
                LOG.warn(
                        "Republishing {} event(s) from {} failed; the next sweep tries again: {}",
                        batch.size(),
                        batch.get(0).id(),
                        e.toString());
            }
        }
        return published;
    }
}
