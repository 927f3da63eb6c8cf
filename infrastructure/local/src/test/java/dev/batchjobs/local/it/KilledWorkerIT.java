package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.aws.DynamoDbChunkStore;
import dev.batchjobs.domain.chunks.ChunkStore;
import dev.batchjobs.domain.chunks.RunChunk;
import dev.batchjobs.local.SharedLocalCloud;
import dev.batchjobs.testing.CrashingChunkStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A worker killed mid-chunk, on the real emulators: its third checkpoint dies after the part reached S3Proxy
 * and before the DynamoDB transaction. The next run resumes from the last committed checkpoint; the results
 * hold every row once and the counters count every row once.
 */
class KilledWorkerIT {
    @Test
    void aWorkerKilledMidChunkResumesWithoutADuplicateRow() throws Exception {
        ChunkStore dying = new CrashingChunkStore(
                new DynamoDbChunkStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.FAILURES_TABLE),
                3);
        var sandbox = SharedLocalCloud.get().sandbox();
        WorkerFixture killed = new WorkerFixture(sandbox, 300, 100, 300, dying);

        assertThatThrownBy(killed::runAllChunks).hasMessage("killed");
        WorkerFixture resumed = killed.resumeWithRealStore();
        assertThat(resumed.runAllChunks()).containsOnly(RunChunk.Result.FINISHED);

        assertThat(killed.counts().processed()).isEqualTo(300);
        String text = new String(
                LocalClients.s3()
                        .getObjectAsBytes(b ->
                                b.bucket(LocalClients.BUCKET).key(killed.merge().key()))
                        .asByteArray(),
                StandardCharsets.UTF_8);
        List<String> ids = text.lines()
                .map(l -> l.replaceAll(".*\"id\":\"(row_\\d+)\".*", "$1"))
                .toList();
        assertThat(ids).hasSize(300).doesNotHaveDuplicates();
    }
}
