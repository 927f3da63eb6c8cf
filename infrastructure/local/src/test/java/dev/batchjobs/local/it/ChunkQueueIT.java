package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.batchjobs.aws.SqsChunkQueue;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.local.LocalCloud;
import dev.batchjobs.local.SharedLocalCloud;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Chunk messages on the template's FIFO queue, picked up by the local SQS event source and run by the real
 * ChunkWorkerHandler (wired from the template's environment) against the local cloud's sandbox target.
 */
class ChunkQueueIT {
    @Test
    void chunkMessagesOnTheQueueAreRunByTheWorkerFunction() {
        LocalCloud cloud = SharedLocalCloud.get();
        WorkerFixture fixture = new WorkerFixture(cloud.sandbox(), 60, 30, 30);
        SqsChunkQueue queue =
                new SqsChunkQueue(LocalClients.sqs(), cloud.queueUrls().get("ChunkQueue"));

        for (int chunk = 0; chunk < fixture.chunkCount; chunk++) {
            queue.send(
                    new ChunkMessage(fixture.job.accountId(), fixture.job.id(), chunk),
                    fixture.job.id() + ":" + chunk + ":0");
        }
        // A resend of the same message (a retried dispatch) is dropped by FIFO deduplication.
        queue.send(new ChunkMessage(fixture.job.accountId(), fixture.job.id(), 0), fixture.job.id() + ":0:0");

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> fixture.counts().processed() == 60);

        assertThat(fixture.counts().succeeded()).isEqualTo(54);
        assertThat(fixture.counts().failed()).isEqualTo(6);
        OutputFile output = fixture.merge();
        String text = new String(
                LocalClients.s3()
                        .getObjectAsBytes(b -> b.bucket(LocalClients.BUCKET).key(output.key()))
                        .asByteArray(),
                StandardCharsets.UTF_8);
        List<String> ids = text.lines()
                .map(line -> line.replaceAll(".*\"id\":\"(row_\\d+)\".*", "$1"))
                .toList();
        assertThat(ids).hasSize(60).doesNotHaveDuplicates();
    }
}
