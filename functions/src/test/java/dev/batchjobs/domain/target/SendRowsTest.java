package dev.batchjobs.domain.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.EndpointRef;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.NotificationScope;
import dev.batchjobs.json.Json;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SimulatedTarget;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The chunk loop on a simulated clock: responses arrive after a latency, waiting moves time. */
class SendRowsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final SimulatedTarget target = new SimulatedTarget(clock);
    private final List<List<RowResult>> checkpoints = new ArrayList<>();
    private final SendRows.JobTarget job = new SendRows.JobTarget(
            new Target(URI.create("https://target.test"), TargetEncoding.FORM, "Stripe-Account", "X-Suppress"),
            "batchv2_J",
            new EndpointRef("/v1/customers/:id", HttpMethod.POST),
            NotificationScope.NONE);

    private Iterator<PendingRow> rows(int count) {
        return LongStream.range(0, count)
                .mapToObj(i -> PendingRow.valid(
                        i,
                        "r" + i,
                        Json.parseBody("{\"id\": \"r" + i + "\", \"path_params\": {\"id\": \"cus_" + i + "\"}}")))
                .iterator();
    }

    private SendRows runner(int maxInFlight) {
        return new SendRows(
                target,
                new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5)),
                clock,
                target,
                () -> 0.5,
                new SendRows.Settings(maxInFlight, Duration.ofSeconds(1), 25));
    }

    private SendRows.Outcome run(SendRows runner, Iterator<PendingRow> rows, int rps, BooleanSupplier stop)
            throws InterruptedException {
        return runner.run(
                job,
                rows,
                new RatePacer(rps, clock, List.of()),
                stop,
                (finished, history) -> checkpoints.add(finished));
    }

    private List<RowResult> results() {
        return checkpoints.stream().flatMap(List::stream).toList();
    }

    private static int busiestWindow(List<Instant> starts) {
        int max = 0;
        for (Instant start : starts) {
            long inWindow = starts.stream()
                    .filter(s -> !s.isBefore(start) && s.isBefore(start.plusSeconds(1)))
                    .count();
            max = (int) Math.max(max, inWindow);
        }
        return max;
    }

    @Test
    void everyRowFinishesExactlyOnceAndTheFirstCheckpointIsBounded() throws InterruptedException {
        assertThat(run(runner(50), rows(200), 100, () -> false)).isEqualTo(SendRows.Outcome.FINISHED);

        assertThat(results()).hasSize(200);
        assertThat(results().stream().map(RowResult::rowIndex).collect(Collectors.toSet()))
                .hasSize(200);
        assertThat(results()).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        // The checkpoints split the rows between them, each row in one. The first is handed over to a free lane, so
        // it holds at most the 25 rows that make a checkpoint due plus the 50 in flight; a later one also holds what
        // finished while the one before it was being saved, which depends on how fast the lane's thread ran.
        assertThat(checkpoints).hasSizeGreaterThan(1);
        assertThat(checkpoints.stream().mapToInt(List::size).sum()).isEqualTo(200);
        assertThat(checkpoints.get(0).size()).isLessThanOrEqualTo(25 + 50);
    }

    @Test
    void requestsKeepStartingWhileACheckpointIsBeingSavedAndOnlyTheLastCarriesThePacerStarts()
            throws InterruptedException {
        CountDownLatch laterRowsStarted = new CountDownLatch(1);
        AtomicBoolean firstSaved = new AtomicBoolean();
        List<List<Instant>> histories = new CopyOnWriteArrayList<>();
        List<List<RowResult>> saved = new CopyOnWriteArrayList<>();

        runner(50)
                .run(
                        job,
                        rows(200),
                        new RatePacer(100, clock, List.of()),
                        () -> {
                            // Asked on the loop's thread: it keeps going while the first checkpoint is held.
                            if (target.starts.size() >= 150) {
                                laterRowsStarted.countDown();
                            }
                            return false;
                        },
                        (finished, history) -> {
                            if (saved.isEmpty()) {
                                try {
                                    firstSaved.set(laterRowsStarted.await(10, TimeUnit.SECONDS));
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            saved.add(finished);
                            histories.add(history);
                        });

        assertThat(firstSaved).isTrue();
        List<Long> done =
                saved.stream().flatMap(List::stream).map(RowResult::rowIndex).toList();
        assertThat(done).hasSize(200).doesNotHaveDuplicates();
        assertThat(histories.subList(0, histories.size() - 1))
                .allSatisfy(h -> assertThat(h).isEmpty());
        assertThat(histories.get(histories.size() - 1)).isNotEmpty().hasSizeLessThanOrEqualTo(100);
    }

    @Test
    void aRowThatCallsForACheckpointIsSavedAtOnceWhateverTheCadence() throws InterruptedException {
        // Every 60 s or 1,000 rows: without the urgent row, the 40 rows would all wait for the run's last checkpoint.
        SendRows slow = new SendRows(
                target,
                new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5)),
                clock,
                target,
                () -> 0.5,
                new SendRows.Settings(5, Duration.ofSeconds(60), 1_000));

        slow.run(job, rows(40), new RatePacer(10, clock, List.of()), () -> false, new SendRows.Checkpointer() {
            @Override
            public void checkpoint(List<RowResult> finished, List<Instant> pacerHistory) {
                checkpoints.add(finished);
            }

            @Override
            public boolean urgent(RowResult finished) {
                return finished.rowId().equals("r9");
            }
        });

        assertThat(checkpoints).hasSize(2);
        // Handed over as r9 finished: the rows up to it and at most the few that finished while the lane took it.
        assertThat(checkpoints.get(0)).extracting(RowResult::rowId).contains("r9");
        assertThat(checkpoints.get(0)).hasSizeLessThanOrEqualTo(15);
        assertThat(results()).hasSize(40);
    }

    @Test
    void aFailedCheckpointEndsTheRunWithWhatItThrew() {
        IllegalStateException broken = new IllegalStateException("DynamoDB is down");

        assertThatThrownBy(() -> runner(50)
                        .run(job, rows(200), new RatePacer(100, clock, List.of()), () -> false, (finished, history) -> {
                            throw broken;
                        }))
                .isSameAs(broken);
    }

    @Test
    void aSlowTargetStillGetsTheFullRateAndNeverMore() throws InterruptedException {
        target.latency = Duration.ofMillis(800);

        run(runner(200), rows(300), 100, () -> false);

        assertThat(busiestWindow(target.starts)).isEqualTo(100);
        Duration span = Duration.between(target.starts.get(0), target.starts.get(target.starts.size() - 1));
        assertThat(300 / (span.toMillis() / 1000.0)).isGreaterThan(97.0);
    }

    @Test
    void serverErrorsAreRetriedAndEachRetrySpendsARateToken() throws InterruptedException {
        target.answer("r3", 503, 503);
        target.answer("r4", 429);

        run(runner(10), rows(10), 5, () -> false);

        assertThat(target.attempts.get("r3")).isEqualTo(3);
        assertThat(target.attempts.get("r4")).isEqualTo(2);
        assertThat(target.starts).hasSize(13);
        assertThat(busiestWindow(target.starts)).isLessThanOrEqualTo(5);
        assertThat(results())
                .filteredOn(r -> r.rowId().equals("r3"))
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(200));
    }

    @Test
    void clientErrorsAreFinalAndKeepTheTargetsBody() throws InterruptedException {
        target.answer("r1", 404);

        run(runner(10), rows(3), 10, () -> false);

        assertThat(target.attempts.get("r1")).isEqualTo(1);
        RowResult r1 = results().stream()
                .filter(r -> r.rowId().equals("r1"))
                .findFirst()
                .orElseThrow();
        assertThat(r1.status()).isEqualTo(404);
        assertThat(r1.toJsonLine())
                .isEqualTo("{\"id\":\"r1\",\"response\":{\"id\":\"r1\",\"status\":404},\"status\":404}");
    }

    @Test
    void exhaustedRetriesEndInAnErrorOfOurOwn() throws InterruptedException {
        target.answer("r0", 0, 0, 0);
        target.answer("r1", 500, 500, 500);

        run(runner(10), rows(2), 10, () -> false);

        assertThat(target.attempts.get("r0")).isEqualTo(3);
        RowResult r0 = results().stream()
                .filter(r -> r.rowId().equals("r0"))
                .findFirst()
                .orElseThrow();
        assertThat(r0.status()).isEqualTo(502);
        assertThat(r0.response().get("error").get("type").asText()).isEqualTo("api_connection_error");
        assertThat(results().stream()
                        .filter(r -> r.rowId().equals("r1"))
                        .findFirst()
                        .orElseThrow()
                        .status())
                .isEqualTo(500);
    }

    @Test
    void retryAfterIsWaitedFor() throws InterruptedException {
        target.answer("r0", 429);
        target.retryAfter = Duration.ofSeconds(3);

        run(runner(10), rows(1), 10, () -> false);

        assertThat(Duration.between(target.starts.get(0), target.starts.get(1)))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aStopLetsInFlightRequestsFinishStartsNothingNewAndLosesNothing() throws InterruptedException {
        target.latency = Duration.ofMillis(400);
        AtomicBoolean cancelled = new AtomicBoolean();
        Iterator<PendingRow> rows = rows(100);
        Iterator<PendingRow> watched = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public PendingRow next() {
                if (target.starts.size() == 30) {
                    cancelled.set(true);
                }
                return rows.next();
            }
        };

        SendRows.Outcome outcome = run(runner(50), watched, 20, cancelled::get);

        assertThat(outcome).isEqualTo(SendRows.Outcome.STOPPED);
        assertThat(target.starts).hasSize(30);
        assertThat(target.idle()).isTrue();
        assertThat(results()).hasSize(30);
        assertThat(results().stream().map(RowResult::rowIndex).collect(Collectors.toSet()))
                .hasSize(30);
    }

    @Test
    void refusedRowsBecome400ResultsWithoutARequest() throws InterruptedException {
        Iterator<PendingRow> rows = List.of(
                        PendingRow.invalid(0, null, "Line 1: missing id"),
                        PendingRow.valid(1, "r1", Json.parseBody("{\"id\": \"r1\", \"path_params\": {\"id\": \"c\"}}")))
                .iterator();

        run(runner(10), rows, 10, () -> false);

        assertThat(target.starts).hasSize(1);
        RowResult refused =
                results().stream().filter(r -> r.rowIndex() == 0).findFirst().orElseThrow();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.toJsonLine()).contains("\"id\":null").contains("Line 1: missing id");
    }
}
