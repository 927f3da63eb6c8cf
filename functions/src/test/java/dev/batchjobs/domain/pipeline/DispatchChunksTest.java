package dev.batchjobs.domain.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchChunksTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
    private final List<String> sent = new ArrayList<>();
    private final List<String> signals = new ArrayList<>();
    private final DispatchChunks dispatch =
            new DispatchChunks(chunks, (message, dedupId) -> sent.add(message.chunk() + "@" + dedupId), signals::add);

    @Test
    void onlyTheFirstChunkIsQueuedWithAStableDeduplicationId() {
        BatchJob job = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.IN_PROGRESS);
        jobs.create(job);
        chunks.plan(
                job.id(),
                List.of(
                        ChunkState.planned(job.id(), 0, new ChunkRange(0, 1, 0, 1, 1)),
                        ChunkState.planned(job.id(), 1, new ChunkRange(1, 2, 1, 1, 2))));

        dispatch.dispatch("acct_a", job.id(), 2, "token");

        // The worker that finishes chunk 0 queues chunk 1 (ProcessChunkMessage).
        assertThat(sent).containsExactly("0@" + job.id() + ":0:0");
        assertThat(signals).isEmpty();
        chunks.settle(job.id(), 0);
        assertThat(chunks.settle(job.id(), 1))
                .hasValueSatisfying(s -> assertThat(s.completesTheJob()).isTrue());
    }

    @Test
    void aJobWithNoChunksIsDoneAtOnce() {
        BatchJob job = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.IN_PROGRESS);
        jobs.create(job);

        dispatch.dispatch("acct_a", job.id(), 0, "token-0");

        assertThat(sent).isEmpty();
        assertThat(signals).containsExactly("token-0");
    }
}
