package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.chunks.RunChunk;
import dev.batchjobs.local.SharedLocalCloud;
import dev.batchjobs.local.sandbox.SandboxTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A running job's rate changed through the API ({@code POST /v2/core/batch_jobs/{id}}) on the local cloud, while a
 * real worker runs its chunks against a sandbox target: the target's one-second windows follow the new rate.
 */
class RateChangeIT {
    private static final int ROWS = 160;

    private SandboxTarget sandbox;
    private WorkerFixture fixture;
    private LocalApi api;

    @BeforeEach
    void aJobRunningAtTwenty() throws Exception {
        sandbox = SandboxTarget.start(0);
        fixture = new WorkerFixture(sandbox, ROWS, 20, 40);
        api = new LocalApi(SharedLocalCloud.get(), SharedLocalCloud.get().issueApiKey(fixture.job.accountId()));
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    private Instant changeRate(int rps) throws Exception {
        JsonNode job = api.call("POST", "/v2/core/batch_jobs/" + fixture.job.id(), "{\"maximum_rps\": " + rps + "}");
        assertThat(job.get("maximum_rps").asInt()).isEqualTo(rps);
        return Instant.now();
    }

    @Test
    void afterARateChangeTheTargetsWindowsHoldToTheNewRate() throws Exception {
        CompletableFuture<List<RunChunk.Result>> run = CompletableFuture.supplyAsync(() -> {
            try {
                return fixture.runAllChunks();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.arrivals().size() >= 40);
        Instant lowered = changeRate(5);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sandbox.arrivals().stream()
                                .filter(a -> a.isAfter(lowered.plusSeconds(2)))
                                .count()
                        >= 15);
        Instant raised = changeRate(15);

        assertThat(run.get(2, TimeUnit.MINUTES)).containsOnly(RunChunk.Result.FINISHED);

        List<Instant> arrivals = sandbox.arrivals();
        assertThat(arrivals).hasSize(ROWS);
        assertThat(fixture.counts().processed()).isEqualTo(ROWS);
        assertThat(WorkerFixture.busiestOneSecondWindow(fixture.starts)).isLessThanOrEqualTo(20);
        assertThat(WorkerFixture.busiestOneSecondWindow(arrivals)).isLessThanOrEqualTo(20);
        // Within 2 seconds of the change the worker holds to 5, until it is raised (a window that ends before then).
        assertThat(busiestWindowWithin(arrivals, lowered.plusSeconds(2), raised))
                .isLessThanOrEqualTo(5);
        assertThat(busiestWindowWithin(arrivals, raised.plusSeconds(2), Instant.MAX))
                .isLessThanOrEqualTo(15)
                .isGreaterThan(5);
        JsonNode job = api.job(fixture.job.id());
        assertThat(job.get("maximum_rps").asInt()).isEqualTo(15);
        assertThat(job.get("effective_rps").asInt()).isEqualTo(15);
    }

    /** The most arrivals in a one-second window that begins at an arrival at or after {@code from} and ends by {@code to}. */
    private static int busiestWindowWithin(List<Instant> arrivals, Instant from, Instant to) {
        int max = 0;
        for (Instant begin : arrivals) {
            Instant end = begin.plusSeconds(1);
            if (begin.isBefore(from) || end.isAfter(to)) {
                continue;
            }
            max = (int) Math.max(
                    max,
                    arrivals.stream()
                            .filter(a -> !a.isBefore(begin) && a.isBefore(end))
                            .count());
        }
        return max;
    }
}
