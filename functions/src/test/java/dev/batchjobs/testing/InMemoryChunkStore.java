package dev.batchjobs.testing;

import dev.batchjobs.domain.chunks.Checkpoint;
import dev.batchjobs.domain.chunks.ChunkConflictException;
import dev.batchjobs.domain.chunks.ChunkLane;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ChunkStore;
import dev.batchjobs.domain.chunks.RowFailure;
import dev.batchjobs.domain.failures.FailureRecord;
import dev.batchjobs.domain.failures.FailureStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ChunkStore} in memory, moving the counters of an {@link InMemoryJobStore}; held to the contract. */
public final class InMemoryChunkStore implements ChunkStore, FailureStore {
    private final InMemoryJobStore jobs;
    private final Map<String, List<FailureRecord>> failures = new ConcurrentHashMap<>();
    private final Map<String, ChunkState> chunks = new ConcurrentHashMap<>();
    private final Map<String, List<Instant>> pacer = new ConcurrentHashMap<>();

    public InMemoryChunkStore(InMemoryJobStore jobs) {
        this.jobs = jobs;
    }

    @Override
    public synchronized void plan(String jobId, List<ChunkState> planned) {
        planned.forEach(chunk -> chunks.putIfAbsent(jobId + "#" + chunk.index(), chunk));
    }

    @Override
    public Optional<ChunkState> find(String jobId, int index) {
        return Optional.ofNullable(chunks.get(jobId + "#" + index));
    }

    @Override
    public List<ChunkState> findAll(String jobId, int count) {
        List<ChunkState> found = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            find(jobId, index).ifPresent(found::add);
        }
        return found;
    }

    @Override
    public synchronized ChunkState checkpoint(ChunkState current, Checkpoint checkpoint) {
        ChunkState stored = chunks.get(current.jobId() + "#" + current.index());
        if (stored == null || stored.version() != current.version()) {
            throw new ChunkConflictException(current.jobId(), current.index());
        }
        BitSet done = stored.done();
        checkpoint
                .rowsDone()
                .forEach(row -> done.set(Math.toIntExact(row - stored.range().firstRow())));
        ChunkState next = new ChunkState(
                stored.jobId(),
                stored.index(),
                stored.range(),
                done,
                stored.parts() + 1,
                stored.succeeded() + checkpoint.succeeded(),
                stored.failed() + checkpoint.failed(),
                stored.version() + 1,
                stored.partTokensWith(checkpoint.partToken()));
        // Failures are numbered from the job's failure count, in the same step as the counters move.
        long ordinal = jobs.find(jobs.accountOf(current.jobId()), current.jobId())
                .orElseThrow()
                .counts()
                .failed();
        List<FailureRecord> recorded = failures.computeIfAbsent(current.jobId(), j -> new ArrayList<>());
        for (RowFailure failure : checkpoint.failures()) {
            recorded.add(new FailureRecord(
                    UUID.randomUUID().toString(),
                    current.jobId(),
                    current.index(),
                    failure.rowIndex(),
                    failure.rowId(),
                    failure.reason(),
                    ordinal++));
        }
        jobs.addCounts(current.jobId(), checkpoint.succeeded(), checkpoint.failed(), checkpoint.rate());
        chunks.put(current.jobId() + "#" + current.index(), next);
        if (!checkpoint.pacerHistory().isEmpty()) {
            pacer.put(current.jobId(), checkpoint.pacerHistory());
        }
        return next;
    }

    @Override
    public synchronized List<FailureRecord> page(String jobId, long offset, int limit) {
        List<FailureRecord> all = failures.getOrDefault(jobId, List.of());
        return List.copyOf(
                all.subList((int) Math.min(offset, all.size()), (int) Math.min(all.size(), offset + (long) limit)));
    }

    @Override
    public synchronized List<FailureRecord> chunkPage(String jobId, int chunkIndex, long offset, int limit) {
        return failures.getOrDefault(jobId, List.of()).stream()
                .filter(f -> f.chunkIndex() == chunkIndex)
                .skip(offset)
                .limit(limit)
                .toList();
    }

    @Override
    public void recordPace(String jobId, int effectiveRps, long newlyThrottled) {
        jobs.recordPace(jobId, effectiveRps, newlyThrottled);
    }

    @Override
    public List<Instant> pacerHistory(String jobId) {
        return pacer.getOrDefault(jobId, List.of());
    }

    private final Map<String, Integer> chunkCounts = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, ChunkLane> lanes = new ConcurrentHashMap<>();
    private final Map<String, Long> settledCounts = new ConcurrentHashMap<>();
    private final Set<String> settled = ConcurrentHashMap.newKeySet();

    @Override
    public Optional<Integer> dispatchedChunks(String jobId) {
        return Optional.ofNullable(chunkCounts.get(jobId));
    }

    @Override
    public Optional<String> taskToken(String jobId) {
        return Optional.ofNullable(tokens.get(jobId));
    }

    @Override
    public ChunkLane dispatchedLane(String jobId) {
        return lanes.getOrDefault(jobId, ChunkLane.STANDARD);
    }

    @Override
    public synchronized void recordDispatch(String jobId, int chunkCount, String taskToken, ChunkLane lane) {
        lanes.putIfAbsent(jobId, lane);
        chunkCounts.put(jobId, chunkCount);
        tokens.put(jobId, taskToken);
        settledCounts.putIfAbsent(jobId, 0L);
    }

    @Override
    public synchronized Optional<Settlement> settle(String jobId, int index) {
        if (!chunks.containsKey(jobId + "#" + index) || !settled.add(jobId + "#" + index)) {
            return Optional.empty();
        }
        long count = settledCounts.merge(jobId, 1L, Long::sum);
        return Optional.of(new Settlement(
                count, Optional.ofNullable(chunkCounts.get(jobId)), Optional.ofNullable(tokens.get(jobId))));
    }
}
