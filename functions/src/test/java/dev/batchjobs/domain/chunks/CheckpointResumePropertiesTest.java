package dev.batchjobs.domain.chunks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.EndpointRegistry;
import dev.batchjobs.domain.JobCounts;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.target.RetryPolicy;
import dev.batchjobs.domain.target.SendRows;
import dev.batchjobs.domain.target.Target;
import dev.batchjobs.domain.target.TargetEncoding;
import dev.batchjobs.testing.CrashingChunkStore;
import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.InMemoryResultStorage;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import dev.batchjobs.testing.SimulatedTarget;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Nothing lost, nothing doubled, for any crash point: a job's rows, cut into chunks, each chunk run by workers that are
 * killed at a generated checkpoint (after the checkpoint's results part is written, before its transaction commits,
 * as {@link CrashingChunkStore} does) or run out of time after a generated number of seconds, then resumed until it
 * finishes. The merged output holds every row exactly once, and the job counts every row once, as succeeded or failed,
 * whatever the target answered (some rows fail for good, some fail once and succeed when retried).
 */
class CheckpointResumePropertiesTest {
    private static final String ACCOUNT = "acct_p";
    private static final Duration SAFETY_MARGIN = Duration.ofSeconds(5);

    /** One run of a chunk that does not finish: killed at its {@code at}-th checkpoint, or out of time after it (s). */
    record Interruption(boolean crash, int at) {}

    @Provide
    Arbitrary<List<List<Interruption>>> interruptions() {
        Arbitrary<Interruption> one = Combinators.combine(
                        Arbitraries.of(true, false), Arbitraries.integers().between(1, 6))
                .as(Interruption::new);
        return one.list().ofMaxSize(4).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 100)
    void everyRowEndsWithExactlyOneResultWhateverTheCrashesAndResumes(
            @ForAll @IntRange(min = 1, max = 40) int rowCount,
            @ForAll @IntRange(min = 1, max = 25) int rowsPerChunk,
            @ForAll @IntRange(min = 1, max = 10) int checkpointRows,
            @ForAll("interruptions") List<List<Interruption>> interruptions,
            @ForAll @Size(max = 8) Set<@IntRange(min = 0, max = 39) Integer> failing,
            @ForAll @Size(max = 8) Set<@IntRange(min = 0, max = 39) Integer> flaky)
            throws InterruptedException {
        World world = new World(rowCount, rowsPerChunk, checkpointRows);
        for (int row = 0; row < rowCount; row++) {
            if (failing.contains(row)) {
                // Every attempt: a row sent again after a crash fails again, as a missing customer would.
                world.target.answer("r" + row, Collections.nCopies(50, 404).toArray(Integer[]::new));
            } else if (flaky.contains(row)) {
                world.target.answer("r" + row, 503, 200);
            }
        }

        for (int chunk = 0; chunk < world.chunkCount; chunk++) {
            for (Interruption interruption : interruptions.get(chunk % interruptions.size())) {
                world.interruptedRun(chunk, interruption);
            }
            assertThat(world.worker(world.chunks).run(ACCOUNT, world.job.id(), chunk, () -> Duration.ofMinutes(10)))
                    .isEqualTo(RunChunk.Result.FINISHED);
        }

        List<String> ids = world.mergedIds();
        assertThat(ids)
                .as("every row has exactly one result in the merged output")
                .hasSize(rowCount)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, rowCount).mapToObj(i -> "r" + i).toList());
        long failed = failing.stream().filter(row -> row < rowCount).count();
        JobCounts counts =
                world.jobs.find(ACCOUNT, world.job.id()).orElseThrow().counts();
        assertThat(counts.failed()).as("failed rows counted once").isEqualTo(failed);
        assertThat(counts.succeeded()).as("succeeded rows counted once").isEqualTo(rowCount - failed);
    }

    /** One job's stores, target and chunks, fresh for each try. */
    private static final class World {
        final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        final InMemoryJobStore jobs = new InMemoryJobStore(clock);
        final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
        final FakeInputStorage inputs = new FakeInputStorage(clock);
        final InMemoryResultStorage storage = new InMemoryResultStorage();
        final SimulatedTarget target = new SimulatedTarget(clock);
        final SendRows runner;
        final BatchJob job = SampleJobs.withStatus(ACCOUNT, clock.instant(), JobStatus.IN_PROGRESS);
        final int chunkCount;

        World(int rowCount, int rowsPerChunk, int checkpointRows) {
            runner = new SendRows(
                    target,
                    new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2)),
                    clock,
                    target,
                    () -> 0.5,
                    new SendRows.Settings(20, Duration.ofSeconds(1), checkpointRows));
            jobs.create(job);
            StringBuilder text = new StringBuilder();
            List<ChunkState> planned = new ArrayList<>();
            long chunkStart = 0;
            int chunkFirstRow = 0;
            for (int row = 0; row < rowCount; row++) {
                text.append("{\"id\": \"r")
                        .append(row)
                        .append("\", \"path_params\": {\"id\": \"cus_")
                        .append(row)
                        .append("\"}}\n");
                if (row - chunkFirstRow + 1 == rowsPerChunk || row == rowCount - 1) {
                    long end = text.toString().getBytes(StandardCharsets.UTF_8).length;
                    planned.add(ChunkState.planned(
                            job.id(),
                            planned.size(),
                            new ChunkRange(
                                    chunkStart, end, chunkFirstRow, row - chunkFirstRow + 1, chunkFirstRow + 1)));
                    chunkStart = end;
                    chunkFirstRow = row + 1;
                }
            }
            inputs.put(job.upload().key(), text.toString().getBytes(StandardCharsets.UTF_8));
            chunks.plan(job.id(), planned);
            chunkCount = planned.size();
        }

        RunChunk worker(ChunkStore store) {
            return new RunChunk(
                    jobs,
                    store,
                    inputs,
                    new ResultFiles(storage),
                    EndpointRegistry.stripeDefaults(),
                    new Target(URI.create("https://target.test"), TargetEncoding.FORM, "Stripe-Account", "X-S"),
                    runner,
                    clock,
                    SAFETY_MARGIN);
        }

        void interruptedRun(int chunk, Interruption interruption) throws InterruptedException {
            if (interruption.crash()) {
                RunChunk dying = worker(new CrashingChunkStore(chunks, interruption.at()));
                try {
                    dying.run(ACCOUNT, job.id(), chunk, () -> Duration.ofMinutes(10));
                } catch (IllegalStateException killed) {
                    assertThat(killed).hasMessage("killed");
                }
                // The dead worker's requests in flight still reach the target; their answers are lost with it.
                target.await(Duration.ofSeconds(5));
            } else {
                Instant deadline = clock.instant().plus(SAFETY_MARGIN).plusSeconds(interruption.at());
                Supplier<Duration> remaining = () -> Duration.between(clock.instant(), deadline);
                assertThat(worker(chunks).run(ACCOUNT, job.id(), chunk, remaining))
                        .isIn(RunChunk.Result.CONTINUE, RunChunk.Result.FINISHED);
            }
        }

        List<String> mergedIds() {
            List<ChunkState> states = IntStream.range(0, chunkCount)
                    .mapToObj(i -> chunks.find(job.id(), i).orElseThrow())
                    .toList();
            String key =
                    new ResultFiles(storage).merge(ACCOUNT, job.id(), states).key();
            return storage.text(key)
                    .orElseThrow()
                    .lines()
                    .map(line -> line.replaceAll("^\\{\"id\":\"(r\\d+)\".*", "$1"))
                    .toList();
        }
    }
}
