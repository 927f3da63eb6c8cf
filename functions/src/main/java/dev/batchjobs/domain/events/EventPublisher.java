package dev.batchjobs.domain.events;

import java.util.List;

/** Puts events on the event bus. Throws if any event was not accepted; putting one twice is allowed (at least once). */
public interface EventPublisher {
    void publish(List<JobEvent> events);
}
