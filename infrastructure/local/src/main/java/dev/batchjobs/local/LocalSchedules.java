package dev.batchjobs.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.DateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** EventBridge schedules for the template's {@code Schedule} events: each function is invoked at its rate. */
final class LocalSchedules implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSchedules.class);
    private static final Pattern RATE =
            Pattern.compile("rate\\((\\d+) (second|seconds|minute|minutes|hour|hours|day|days)\\)");

    /** One scheduled function. */
    record Entry(String functionName, Object handler, Duration every, int memoryMb, int timeoutSeconds) {}

    private final ScheduledExecutorService executor;

    private LocalSchedules(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    static LocalSchedules start(List<Entry> entries) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "local-schedules");
            thread.setDaemon(true);
            return thread;
        });
        for (Entry entry : entries) {
            @SuppressWarnings("unchecked")
            RequestHandler<ScheduledEvent, ?> handler = (RequestHandler<ScheduledEvent, ?>) entry.handler();
            executor.scheduleWithFixedDelay(
                    () -> {
                        try {
                            handler.handleRequest(
                                    event(entry.functionName()),
                                    new LocalContext(entry.functionName(), entry.memoryMb(), entry.timeoutSeconds()));
                        } catch (RuntimeException e) {
                            // As on AWS: a failed scheduled run is logged, and the next tick runs again.
                            LOG.error("Scheduled function {} failed", entry.functionName(), e);
                        }
                    },
                    entry.every().toMillis(),
                    entry.every().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return new LocalSchedules(executor);
    }

    /** {@code rate(1 minute)} as a duration; the local cloud runs rate expressions, not cron ones. */
    static Duration rate(String expression) {
        Matcher matcher = RATE.matcher(expression.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("The local cloud runs rate(N unit) schedules, not '" + expression + "'");
        }
        long n = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2).replaceAll("s$", "")) {
            case "second" -> Duration.ofSeconds(n);
            case "minute" -> Duration.ofMinutes(n);
            case "hour" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static ScheduledEvent event(String functionName) {
        ScheduledEvent event = new ScheduledEvent();
        event.setId(UUID.randomUUID().toString());
        event.setDetailType("Scheduled Event");
        event.setSource("aws.events");
        event.setAccount(LocalAws.ACCOUNT_ID);
        event.setRegion(LocalAws.REGION);
        event.setTime(DateTime.now());
        event.setResources(
                List.of("arn:aws:events:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":rule/" + functionName));
        event.setDetail(Map.of());
        return event;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
