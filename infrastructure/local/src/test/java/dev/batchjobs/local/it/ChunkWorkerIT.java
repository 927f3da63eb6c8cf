package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.JobCounts;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.chunks.RunChunk;
import dev.batchjobs.local.sandbox.SandboxTarget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A chunk worker for real: rows read by ranged GET from S3Proxy, requests over HTTP to the sandbox target,
 * checkpoints in DynamoDB Local, results parts in S3Proxy.
 */
class ChunkWorkerIT {
    private static final int ROWS = 150;
    private static final int RPS = 50;

    private SandboxTarget sandbox;
    private WorkerFixture fixture;

    @BeforeEach
    void aJobInProgressWithTwoChunks() throws Exception {
        sandbox = SandboxTarget.start(0);
        fixture = new WorkerFixture(sandbox, ROWS, RPS, ROWS / 2);
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void everyRowReachesTheTargetOnceAtNoMoreThanTheRateAndIsCountedOnce() throws Exception {
        assertThat(fixture.runAllChunks()).containsOnly(RunChunk.Result.FINISHED);
        // A redelivered message for a finished chunk sends nothing.
        assertThat(fixture.runChunk.run(fixture.job.accountId(), fixture.job.id(), 1, () -> Duration.ofMinutes(10)))
                .isEqualTo(RunChunk.Result.FINISHED);

        assertThat(sandbox.arrivals()).hasSize(ROWS);
        assertThat(WorkerFixture.busiestOneSecondWindow(fixture.starts)).isLessThanOrEqualTo(RPS);
        JobCounts counts = fixture.counts();
        assertThat(counts.succeeded()).isEqualTo(ROWS - ROWS / 10);
        assertThat(counts.failed()).isEqualTo(ROWS / 10);

        OutputFile output = fixture.merge();
        String text = new String(
                LocalClients.s3()
                        .getObjectAsBytes(b -> b.bucket(LocalClients.BUCKET).key(output.key()))
                        .asByteArray(),
                StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        text.lines().forEach(line -> ids.add(line.replaceAll(".*\"id\":\"(row_\\d+)\".*", "$1")));
        assertThat(ids).hasSize(ROWS).doesNotHaveDuplicates();
        assertThat(text).contains("No such customer: 'cus_missing_9'").contains("\"status\":404");
    }
}
