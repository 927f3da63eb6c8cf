package dev.batchjobs.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.event.ruler.Machine;

/**
 * Event buses (the default one, which S3 notifications go to, and the template's own): rules from the
 * template, matched with AWS's event-ruler library exactly as EventBridge matches them, delivered to their
 * targets off the caller's thread (as EventBridge is asynchronous to the service that put the event).
 */
final class LocalEventBridge implements AutoCloseable {
    static final String DEFAULT_BUS = "default";
    private static final Logger LOG = LoggerFactory.getLogger(LocalEventBridge.class);

    private final Map<String, Machine> buses = new ConcurrentHashMap<>();
    private final Map<String, Consumer<JsonNode>> targets = new ConcurrentHashMap<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "local-eventbridge");
        thread.setDaemon(true);
        return thread;
    });

    void addRule(String name, JsonNode pattern, Consumer<JsonNode> target) {
        addRule(DEFAULT_BUS, name, pattern, target);
    }

    void addRule(String bus, String name, JsonNode pattern, Consumer<JsonNode> target) {
        try {
            buses.computeIfAbsent(bus, b -> new Machine()).addRule(name, pattern.toString());
        } catch (Exception e) {
            throw new IllegalStateException(
                    "The rule " + name + " has a pattern EventBridge would refuse: " + pattern, e);
        }
        targets.put(bus + "/" + name, target);
    }

    void put(JsonNode event) {
        put(DEFAULT_BUS, event);
    }

    /** Puts an event on a bus; a bus without rules drops it, as EventBridge does. */
    void put(String bus, JsonNode event) {
        Machine machine = buses.get(bus);
        if (machine == null) {
            return;
        }
        delivery.submit(() -> {
            try {
                List<String> matched = machine.rulesForJSONEvent(event.toString());
                for (String rule : matched) {
                    targets.get(bus + "/" + rule).accept(event);
                }
            } catch (Exception e) {
                LOG.error("Delivering an event failed", e);
            }
        });
    }

    @Override
    public void close() {
        delivery.shutdownNow();
    }
}
