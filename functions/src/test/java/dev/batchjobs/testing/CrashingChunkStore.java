package dev.batchjobs.testing;

import dev.batchjobs.domain.chunks.Checkpoint;
import dev.batchjobs.domain.chunks.ChunkLane;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ChunkStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chunk store whose {@code n}-th checkpoint dies before it commits, as a worker killed between writing a
 * results part and its transaction; everything else goes to the real store.
 */
public final class CrashingChunkStore implements ChunkStore {
    private final ChunkStore real;
    private final int dyingCheckpoint;
    private final AtomicInteger checkpoints = new AtomicInteger();

    public CrashingChunkStore(ChunkStore real, int dyingCheckpoint) {
        this.real = real;
        this.dyingCheckpoint = dyingCheckpoint;
    }

    @Override
    public ChunkState checkpoint(ChunkState current, Checkpoint checkpoint) {
        if (checkpoints.incrementAndGet() == dyingCheckpoint) {
            throw new IllegalStateException("killed");
        }
        return real.checkpoint(current, checkpoint);
    }

    @Override
    public void plan(String jobId, List<ChunkState> chunks) {
        real.plan(jobId, chunks);
    }

    @Override
    public Optional<ChunkState> find(String jobId, int index) {
        return real.find(jobId, index);
    }

    @Override
    public List<ChunkState> findAll(String jobId, int count) {
        return real.findAll(jobId, count);
    }

    @Override
    public void recordPace(String jobId, int effectiveRps, long newlyThrottled) {
        real.recordPace(jobId, effectiveRps, newlyThrottled);
    }

    @Override
    public List<Instant> pacerHistory(String jobId) {
        return real.pacerHistory(jobId);
    }

    @Override
    public Optional<Integer> dispatchedChunks(String jobId) {
        return real.dispatchedChunks(jobId);
    }

    @Override
    public Optional<String> taskToken(String jobId) {
        return real.taskToken(jobId);
    }

    @Override
    public void recordDispatch(String jobId, int chunkCount, String taskToken, ChunkLane lane) {
        real.recordDispatch(jobId, chunkCount, taskToken, lane);
    }

    @Override
    public ChunkLane dispatchedLane(String jobId) {
        return real.dispatchedLane(jobId);
    }

    @Override
    public Optional<Settlement> settle(String jobId, int index) {
        return real.settle(jobId, index);
    }
}
