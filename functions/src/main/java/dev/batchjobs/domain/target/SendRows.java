package dev.batchjobs.domain.target;

import dev.batchjobs.domain.EndpointRef;
import dev.batchjobs.domain.NotificationScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * Runs the rows of one chunk against the target: starts are paced by the {@link RatePacer}, many requests
 * are in flight at once, failures are retried by the {@link RetryPolicy} (a retry waits for a rate token
 * like any request), and finished rows are handed to the {@link Checkpointer} every so often, in whatever
 * order they finished.
 *
 * <p>When {@code stop} turns true (the job is being cancelled, or the invocation's time is running out) no
 * new request starts; the ones in flight finish and are checkpointed; rows waiting for a retry are left
 * undone, for a follow-up run to pick up. One thread drives the loop; responses arrive on the HTTP
 * client's threads and only touch a queue.
 */
public final class SendRows {
    /**
     * How the loop is tuned. A checkpoint is saved once {@code checkpointRows} rows have finished since the last one,
     * or once {@code checkpointEvery} has passed and at least {@code checkpointLeastRows} have; a slow job (fewer rows
     * than that minimum in an interval) is saved at the latest {@link #checkpointCap()} after its last checkpoint, so
     * a crash re-sends at most that much (each row under its idempotency key, as always).
     */
    public record Settings(int maxInFlight, Duration checkpointEvery, int checkpointRows, int checkpointLeastRows) {
        /** With no minimum: a checkpoint is saved whenever the clock says so. */
        public Settings(int maxInFlight, Duration checkpointEvery, int checkpointRows) {
            this(maxInFlight, checkpointEvery, checkpointRows, 1);
        }

        /** The longest a checkpoint waits for its minimum of rows: three intervals. */
        public Duration checkpointCap() {
            return checkpointEvery.multipliedBy(3);
        }

        /** Whether {@code finished} rows, {@code since} the last checkpoint, are saved now. */
        public boolean checkpointDue(int finished, Duration since) {
            return finished > 0 && (finished >= checkpointRows || since.compareTo(deadline(finished)) >= 0);
        }

        /** How long from now, with no more rows finished, until {@code finished} rows are due (zero or less: now). */
        public Duration untilCheckpointDue(int finished, Duration since) {
            return deadline(finished).minus(since);
        }

        private Duration deadline(int finished) {
            return finished >= checkpointLeastRows ? checkpointEvery : checkpointCap();
        }
    }

    /**
     * Receives finished rows, one call at a time, on a thread of its own while the run goes on and on the run's thread
     * for the last one; throwing aborts the run (the rows stay undone and are retried later). Only the run's last
     * checkpoint carries the pacer's starts of its last second; the others carry none (the saved ones stay as they
     * are).
     */
    public interface Checkpointer {
        void checkpoint(List<RowResult> finished, List<Instant> pacerHistory);

        /**
         * Asked on the run's thread of each row as it finishes: true when it calls for a checkpoint now, whatever the
         * cadence (a failure threshold it passes).
         */
        default boolean urgent(RowResult finished) {
            return false;
        }
    }

    /** Why a run ended. */
    public enum Outcome {
        /** Every row is done. */
        FINISHED,
        /** {@code stop} asked to end early; some rows may be undone. */
        STOPPED
    }

    /** What the job's rows are sent as. */
    public record JobTarget(Target target, String jobId, EndpointRef endpoint, NotificationScope scope) {}

    private record Attempt(PendingRow row, int number, Instant readyAt) {}

    private record Completion(Attempt attempt, TargetResponse response, Throwable failure) {}

    /** How far back the pacer's starts matter to the next run (its one-second window, with a margin). */
    private static final Duration PACER_MEMORY = Duration.ofMillis(1100);

    private final TargetClient client;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final Waiter waiter;
    private final DoubleSupplier random;
    private final Settings settings;

    public SendRows(
            TargetClient client,
            RetryPolicy retryPolicy,
            Clock clock,
            Waiter waiter,
            DoubleSupplier random,
            Settings settings) {
        this.client = client;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
        this.waiter = waiter;
        this.random = random;
        this.settings = settings;
    }

    public Outcome run(
            JobTarget job, Iterator<PendingRow> rows, Pacer pacer, BooleanSupplier stop, Checkpointer checkpointer)
            throws InterruptedException {
        return run(job, rows, pacer, stop, checkpointer, new SendTally());
    }

    /** As above, counting what reached the target in {@code tally}. */
    public Outcome run(
            JobTarget job,
            Iterator<PendingRow> rows,
            Pacer pacer,
            BooleanSupplier stop,
            Checkpointer checkpointer,
            SendTally tally)
            throws InterruptedException {
        ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
        PriorityQueue<Attempt> retries = new PriorityQueue<>(Comparator.comparing(Attempt::readyAt));
        List<RowResult> finished = new ArrayList<>();
        Instant lastCheckpoint = clock.instant();
        int inFlight = 0;
        boolean stopping = false;
        boolean urgent = false;
        PendingRow lookahead = null;

        boolean startedAny = false;
        try (CheckpointLane lane = new CheckpointLane(checkpointer, waiter::wake)) {
            while (true) {
                for (Completion done; (done = completions.poll()) != null; ) {
                    inFlight--;
                    RowResult ended = settle(done, retries, pacer, tally);
                    if (ended != null) {
                        finished.add(ended);
                        urgent |= checkpointer.urgent(ended);
                    }
                }
                if (!stopping && stop.getAsBoolean()) {
                    stopping = true;
                }
                Instant now = clock.instant();
                boolean moreRows = !stopping && (lookahead != null || rows.hasNext());
                if (inFlight == 0 && !moreRows && (stopping || retries.isEmpty())) {
                    // What is left goes into the last checkpoint, below.
                    break;
                }
                boolean saving = !lane.free();
                if (!saving
                        && !finished.isEmpty()
                        && (urgent || settings.checkpointDue(finished.size(), Duration.between(lastCheckpoint, now)))) {
                    // Saved on the lane's thread while the loop goes on; the pacer history waits for the last one.
                    lane.save(List.copyOf(finished), List.of());
                    finished.clear();
                    lastCheckpoint = now;
                    saving = true;
                    urgent = false;
                }

                boolean retryReady = !stopping
                        && !retries.isEmpty()
                        && !retries.peek().readyAt().isAfter(now);
                Attempt next = null;
                if (retryReady) {
                    next = retries.peek();
                } else if (moreRows && inFlight < settings.maxInFlight()) {
                    if (lookahead == null) {
                        lookahead = rows.next();
                    }
                    if (lookahead.problem().isPresent()) {
                        // Refused rows are results at once, with no request and no rate token.
                        RowResult refused = RowResult.error(
                                lookahead.rowIndex(),
                                lookahead.rowId(),
                                400,
                                "invalid_request_error",
                                lookahead.code(),
                                lookahead.problem().get());
                        finished.add(refused);
                        urgent |= checkpointer.urgent(refused);
                        lookahead = null;
                        continue;
                    }
                    next = new Attempt(lookahead, 1, now);
                }
                if (next == null) {
                    waiter.await(idleWait(now, retries, saving ? null : lastCheckpoint, finished.size(), stopping));
                    continue;
                }
                Duration delay = pacer.delayBeforeNextStart();
                if (!delay.isZero()) {
                    // No rate token yet: wait for one, or for a response, whichever comes first.
                    waiter.await(delay);
                    continue;
                }
                if (stop.getAsBoolean()) {
                    // Checked again at the last moment: nothing starts once a stop is seen.
                    stopping = true;
                    continue;
                }
                Attempt started = next;
                TargetRequest request = TargetRequests.build(
                        job.target(),
                        job.jobId(),
                        job.endpoint(),
                        job.scope(),
                        started.row().row().orElseThrow());
                if (retryReady) {
                    retries.poll();
                } else {
                    lookahead = null;
                }
                // The start is recorded as close to the wire as the loop gets: right before the client has it.
                pacer.recordStart();
                startedAny = true;
                tally.sent();
                inFlight++;
                try {
                    client.send(request).whenComplete((response, failure) -> {
                        completions.add(new Completion(started, response, failure));
                        waiter.wake();
                    });
                } catch (RuntimeException e) {
                    completions.add(new Completion(started, null, e));
                }
            }
            lane.awaitSaved();
        }
        if (!finished.isEmpty() || startedAny) {
            // The last checkpoint of the run carries the pacer's starts of the last second, for the next run.
            checkpointer.checkpoint(List.copyOf(finished), lastSecond(pacer.recentStarts()));
        }
        return stopping ? Outcome.STOPPED : Outcome.FINISHED;
    }

    /** The row's result, or null when it waits for a retry. */
    private RowResult settle(Completion done, PriorityQueue<Attempt> retries, Pacer pacer, SendTally tally) {
        Attempt attempt = done.attempt();
        PendingRow row = attempt.row();
        Optional<Integer> status = done.response() == null
                ? Optional.empty()
                : Optional.of(done.response().status());
        Optional<Duration> retryAfter =
                done.response() == null ? Optional.empty() : done.response().retryAfter();
        pacer.observe(status, retryAfter);
        Optional<Duration> retryIn = retryPolicy.delayAfter(attempt.number(), status, retryAfter, random);
        if (status.isPresent() && status.get() == 429) {
            tally.throttled();
        }
        if (retryIn.isPresent()) {
            tally.retried();
            retries.add(new Attempt(row, attempt.number() + 1, clock.instant().plus(retryIn.get())));
            return null;
        }
        if (done.response() != null) {
            return RowResult.fromResponse(row.rowIndex(), row.rowId(), done.response());
        } else {
            Throwable cause = done.failure() instanceof CompletionException
                            && done.failure().getCause() != null
                    ? done.failure().getCause()
                    : done.failure();
            return RowResult.error(
                    row.rowIndex(),
                    row.rowId(),
                    502,
                    "api_connection_error",
                    "target_unreachable",
                    "No response from the target after " + attempt.number() + " attempts: "
                            + cause.getClass().getSimpleName());
        }
    }

    /** The starts less than a second old: the only ones that still bound the next start. */
    private List<Instant> lastSecond(List<Instant> starts) {
        Instant since = clock.instant().minus(PACER_MEMORY);
        return starts.stream().filter(start -> start.isAfter(since)).toList();
    }

    /** @param lastCheckpoint null while a checkpoint is being saved: the next one waits for it, not for the clock */
    private Duration idleWait(
            Instant now, PriorityQueue<Attempt> retries, Instant lastCheckpoint, int finished, boolean stopping) {
        Duration wait = Duration.ofMillis(100);
        if (!stopping && !retries.isEmpty()) {
            Duration untilRetry = Duration.between(now, retries.peek().readyAt());
            wait = untilRetry.compareTo(wait) < 0 ? untilRetry : wait;
        }
        if (lastCheckpoint != null) {
            Duration untilCheckpoint = settings.untilCheckpointDue(finished, Duration.between(lastCheckpoint, now));
            wait = untilCheckpoint.compareTo(wait) < 0 ? untilCheckpoint : wait;
        }
        return wait.isNegative() || wait.isZero() ? Duration.ofMillis(1) : wait;
    }
}
