package dev.batchjobs.testing;

import dev.batchjobs.domain.target.TargetClient;
import dev.batchjobs.domain.target.TargetRequest;
import dev.batchjobs.domain.target.TargetResponse;
import dev.batchjobs.domain.target.Waiter;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * A target on a simulated clock: each response arrives {@code latency} after its request, and waiting (the
 * {@link Waiter} side) moves the clock to the next arrival. Statuses are scripted per row id (200 by
 * default; 0 means no response at all).
 */
public final class SimulatedTarget implements TargetClient, Waiter {
    private record Pending(
            Instant due, CompletableFuture<TargetResponse> future, TargetResponse response, boolean fail) {}

    private final MutableClock clock;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(Comparator.comparing(Pending::due));
    public Duration latency = Duration.ofMillis(50);
    public Duration retryAfter;
    public final Map<String, Deque<Integer>> script = new HashMap<>();
    public final Map<String, Integer> attempts = new HashMap<>();
    public final List<Instant> starts = new ArrayList<>();

    public SimulatedTarget(MutableClock clock) {
        this.clock = clock;
    }

    public void answer(String rowId, Integer... statuses) {
        script.put(rowId, new ArrayDeque<>(List.of(statuses)));
    }

    public boolean idle() {
        return pending.isEmpty();
    }

    @Override
    public CompletableFuture<TargetResponse> send(TargetRequest request) {
        String rowId = request.headers().get("Idempotency-Key").split(":")[1];
        attempts.merge(rowId, 1, Integer::sum);
        starts.add(clock.instant());
        Deque<Integer> statuses = script.getOrDefault(rowId, new ArrayDeque<>());
        int status = statuses.isEmpty() ? 200 : statuses.poll();
        CompletableFuture<TargetResponse> future = new CompletableFuture<>();
        pending.add(new Pending(
                clock.instant().plus(latency),
                future,
                new TargetResponse(
                        status,
                        "{\"id\": \"" + rowId + "\", \"status\": " + status + "}",
                        Optional.ofNullable(retryAfter)),
                status == 0));
        return future;
    }

    @Override
    public void await(Duration atMost) {
        Instant until = clock.instant().plus(atMost);
        if (!pending.isEmpty() && pending.peek().due().isBefore(until)) {
            until = pending.peek().due();
        }
        clock.advance(Duration.between(clock.instant(), until));
        while (!pending.isEmpty() && !pending.peek().due().isAfter(clock.instant())) {
            Pending due = pending.poll();
            if (due.fail()) {
                due.future().completeExceptionally(new ConnectException("refused"));
            } else {
                due.future().complete(due.response());
            }
        }
    }

    @Override
    public void wake() {
        // responses arrive inside await(): nothing sleeps
    }
}
