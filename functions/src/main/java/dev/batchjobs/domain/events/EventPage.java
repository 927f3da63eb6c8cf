package dev.batchjobs.domain.events;

import java.util.List;
import java.util.Optional;

/** A page of events and the cursor of the next page, if there is one. */
public record EventPage(List<JobEvent> events, Optional<String> nextCursor) {
    public EventPage {
        events = List.copyOf(events);
    }
}
