package dev.batchjobs.domain.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.chunks.ChunkLane;
import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A job's lane is chosen once, at dispatch, from its maximum_rps then: at most the small lane's ceiling (20) on the
 * small worker's queue, above it on the standard one; the dispatch records it and every later message of the job
 * names it, whatever the job's rate is steered to.
 */
class ChunkLaneDispatchTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    private final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
    private final List<ChunkMessage> sent = new ArrayList<>();
    private final DispatchChunks dispatch =
            new DispatchChunks(jobs, chunks, (message, dedupId) -> sent.add(message), token -> {}, 20);

    private BatchJob job(int rps) {
        BatchJob sample = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.IN_PROGRESS);
        BatchJob job = sample.respecify(sample.spec().withPaceAndMetadata(rps, Map.of()));
        jobs.create(job);
        chunks.plan(job.id(), List.of(ChunkState.planned(job.id(), 0, new ChunkRange(0, 1, 0, 1, 1))));
        return job;
    }

    @Test
    void theLaneFollowsTheRateAtDispatch() {
        assertThat(ChunkLane.forRate(1, 20)).isEqualTo(ChunkLane.SMALL);
        assertThat(ChunkLane.forRate(20, 20)).isEqualTo(ChunkLane.SMALL);
        assertThat(ChunkLane.forRate(21, 20)).isEqualTo(ChunkLane.STANDARD);
        assertThat(ChunkLane.forRate(1, 0)).as("no small lane").isEqualTo(ChunkLane.STANDARD);
    }

    @Test
    void aSlowJobIsDispatchedOnTheSmallLaneAndAFastOneOnTheStandard() {
        BatchJob slow = job(10);
        BatchJob fast = job(100);

        dispatch.dispatch("acct_a", slow.id(), 1, "token-s");
        dispatch.dispatch("acct_a", fast.id(), 1, "token-f");

        assertThat(sent).extracting(ChunkMessage::lane).containsExactly(ChunkLane.SMALL, ChunkLane.STANDARD);
        assertThat(chunks.dispatchedLane(slow.id())).isEqualTo(ChunkLane.SMALL);
        assertThat(chunks.dispatchedLane(fast.id())).isEqualTo(ChunkLane.STANDARD);
        // The next chunk, a follow-up: the same lane as the message it follows.
        assertThat(sent.get(0).at(1).lane()).isEqualTo(ChunkLane.SMALL);
    }

    @Test
    void aRetriedDispatchKeepsTheFirstLaneAfterTheRateWasSteered() {
        BatchJob slow = job(10);
        dispatch.dispatch("acct_a", slow.id(), 1, "token-s");
        BatchJob current = jobs.find("acct_a", slow.id()).orElseThrow();
        jobs.update(current, current.respecify(current.spec().withPaceAndMetadata(500, Map.of())));

        dispatch.dispatch("acct_a", slow.id(), 1, "token-s");

        assertThat(sent).extracting(ChunkMessage::lane).containsExactly(ChunkLane.SMALL, ChunkLane.SMALL);
        assertThat(chunks.dispatchedLane(slow.id())).isEqualTo(ChunkLane.SMALL);
    }

    @Test
    void aResumeAfterTheRateWasSteeredUpQueuesTheJobOnItsLane() {
        BatchJob slow = job(10);
        dispatch.dispatch("acct_a", slow.id(), 1, "token-s");
        SteerJobs steer = new SteerJobs(jobs, chunks, (message, dedupId) -> sent.add(message), clock);
        Caller caller = new Caller("acct_a", false, "key_1", "owner");
        steer.pause(caller, slow.id());
        BatchJob paused = jobs.find("acct_a", slow.id()).orElseThrow();
        jobs.update(paused, paused.respecify(paused.spec().withPaceAndMetadata(500, Map.of())));

        steer.resume(caller, slow.id());

        assertThat(sent).extracting(ChunkMessage::lane).containsExactly(ChunkLane.SMALL, ChunkLane.SMALL);
    }

    @Test
    void withoutASmallLaneEveryJobIsStandard() {
        BatchJob slow = job(1);

        new DispatchChunks(chunks, (message, dedupId) -> sent.add(message), token -> {})
                .dispatch("acct_a", slow.id(), 1, "token-s");

        assertThat(sent).extracting(ChunkMessage::lane).containsExactly(ChunkLane.STANDARD);
    }
}
