package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.aws.DynamoDbTargetLeaseStore;
import dev.batchjobs.domain.JobCounts;
import dev.batchjobs.domain.JobPace;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.chunks.RunChunk;
import dev.batchjobs.domain.target.RateCeiling;
import dev.batchjobs.local.sandbox.SandboxTarget;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's ceiling for one target, shared by three jobs whose workers run at the same time, each as its own
 * invocation (its own worker, lease and pacer), with nothing in common but the target leases table in DynamoDB
 * Local and the sandbox target they all send to.
 */
class TargetCeilingIT {
    private static final int CEILING = 60;

    private SandboxTarget sandbox;
    private final List<WorkerFixture> jobs = new ArrayList<>();

    @BeforeEach
    void threeJobsAgainstOneTarget() throws Exception {
        sandbox = SandboxTarget.start(0);
        // Each invocation builds its own ceiling, as each Lambda container does: they share only the table.
        int[][] plans = {{40, 200}, {40, 200}, {15, 100}};
        for (int[] plan : plans) {
            RateCeiling ceiling = new RateCeiling(
                    new DynamoDbTargetLeaseStore(LocalClients.dynamoDb(), LocalClients.TARGET_LEASES_TABLE),
                    CEILING,
                    Clock.systemUTC());
            jobs.add(new WorkerFixture(sandbox, plan[1], plan[0], 50, null, ceiling));
        }
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void noWindowAtTheTargetPassesTheCeilingEachJobKeepsItsOwnRateAndEveryRowIsSentOnce() throws Exception {
        Map<String, List<JobPace>> seen = new ConcurrentHashMap<>();
        List<Future<List<RunChunk.Result>>> runs = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(jobs.size());
        ScheduledExecutorService client = Executors.newSingleThreadScheduledExecutor();
        try {
            // What a client polling the jobs sees while they run, five times a second.
            client.scheduleAtFixedRate(
                    () -> jobs.forEach(job -> seen.computeIfAbsent(job.job.id(), id -> new CopyOnWriteArrayList<>())
                            .add(job.counts().pace())),
                    0,
                    200,
                    TimeUnit.MILLISECONDS);
            for (WorkerFixture job : jobs) {
                runs.add(workers.submit(() -> job.runAllChunks()));
            }
            for (Future<List<RunChunk.Result>> run : runs) {
                assertThat(run.get(2, TimeUnit.MINUTES)).containsOnly(RunChunk.Result.FINISHED);
            }
        } finally {
            client.shutdownNow();
            workers.shutdownNow();
        }

        List<Instant> allStarts = jobs.stream().flatMap(j -> j.starts.stream()).toList();
        assertThat(WorkerFixture.busiestOneSecondWindow(allStarts)).isLessThanOrEqualTo(CEILING);
        assertThat(WorkerFixture.busiestOneSecondWindow(sandbox.arrivals())).isLessThanOrEqualTo(CEILING);
        int rows = 0;
        for (WorkerFixture job : jobs) {
            int rps = job.job.spec().maximumRps();
            assertThat(WorkerFixture.busiestOneSecondWindow(job.starts)).isLessThanOrEqualTo(rps);
            int expected = job.chunkCount == 4 ? 200 : 100;
            rows += expected;
            JobCounts counts = job.counts();
            assertThat(counts.processed()).isEqualTo(expected);
            assertThat(resultIds(job)).hasSize(expected).doesNotHaveDuplicates();
            // Its share shows: below its own rate while the three shared the ceiling.
            List<JobPace> paces = seen.get(job.job.id());
            assertThat(paces).anySatisfy(p -> assertThat(p.effectiveRps()).isBetween(1, rps));
            assertThat(paces).allSatisfy(p -> assertThat(p.effectiveRps()).isLessThanOrEqualTo(rps));
            if (rps == 40) {
                assertThat(paces).anySatisfy(p -> assertThat(p.effectiveRps()).isBetween(15, 30));
            }
        }
        assertThat(sandbox.arrivals()).hasSize(rows);
    }

    private static List<String> resultIds(WorkerFixture job) {
        OutputFile output = job.merge();
        String text = new String(
                LocalClients.s3()
                        .getObjectAsBytes(b -> b.bucket(LocalClients.BUCKET).key(output.key()))
                        .asByteArray(),
                StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        text.lines().forEach(line -> ids.add(line.replaceAll(".*\"id\":\"(row_\\d+)\".*", "$1")));
        return ids;
    }
}
