package dev.batchjobs.domain.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a client asks of a destination on create or update; on update, an empty field keeps its value. */
public record DestinationCommand(
        Optional<String> url,
        Optional<List<String>> enabledEvents,
        Optional<String> name,
        Optional<String> description,
        Optional<Map<String, String>> metadata) {}
