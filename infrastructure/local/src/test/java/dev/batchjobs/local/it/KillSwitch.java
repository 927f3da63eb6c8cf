package dev.batchjobs.local.it;

import dev.batchjobs.domain.chunks.Checkpoint;
import dev.batchjobs.domain.chunks.ChunkLane;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ChunkStore;
import dev.batchjobs.domain.chunks.ResultStorage;
import dev.batchjobs.domain.target.TargetClient;
import dev.batchjobs.domain.target.TargetRequest;
import dev.batchjobs.domain.target.TargetResponse;
import java.io.InputStream;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test-only seam that kills a worker at a chosen point: decorators of the worker's ports (the target client, the
 * chunk store, the results storage) around the real adapters, which throw {@link Killed} — an {@link Error}, so no
 * {@code catch (RuntimeException)} in the product swallows it, as nothing catches a process being killed — the
 * {@code n}-th time the process passes the point. Armed points fire once each; everything else reaches the real
 * DynamoDB Local, S3Proxy and target.
 */
final class KillSwitch {
    /** Where a worker can die. */
    enum Point {
        /** A request is about to leave: the target never sees it. */
        BEFORE_SEND,
        /** The target answered, the worker dies before recording it: the row was applied, not checkpointed. */
        AFTER_SEND,
        /** Rows finished, nothing of the checkpoint written yet. */
        BEFORE_CHECKPOINT,
        /** The results part is in S3, the DynamoDB transaction that makes it count is not. */
        MID_CHECKPOINT,
        /** The checkpoint committed; the worker dies before going on. */
        AFTER_CHECKPOINT,
        /** Finish has copied part of the results into the output file. */
        MID_MERGE
    }

    /** The death of the process. */
    static final class Killed extends Error {
        Killed(Point point) {
            super("worker killed " + point);
        }
    }

    private final Map<Point, Integer> armed = new EnumMap<>(Point.class);
    private final Map<Point, AtomicInteger> passes = new EnumMap<>(Point.class);
    private final Map<Point, AtomicInteger> fired = new EnumMap<>(Point.class);

    KillSwitch() {
        for (Point point : Point.values()) {
            passes.put(point, new AtomicInteger());
            fired.put(point, new AtomicInteger());
        }
    }

    /** Kills the process the {@code nth} time (1-based) it passes {@code point}. */
    synchronized void arm(Point point, int nth) {
        armed.put(point, nth);
    }

    private synchronized boolean isArmed(Point point) {
        return armed.containsKey(point);
    }

    Map<Point, AtomicInteger> fired() {
        return fired;
    }

    private void pass(Point point) {
        int count = passes.get(point).incrementAndGet();
        Integer at;
        synchronized (this) {
            at = armed.get(point);
            if (at == null || count != at) {
                return;
            }
            armed.remove(point);
        }
        fired.get(point).incrementAndGet();
        throw new Killed(point);
    }

    TargetClient around(TargetClient real) {
        return request -> send(real, request);
    }

    private CompletableFuture<TargetResponse> send(TargetClient real, TargetRequest request) {
        pass(Point.BEFORE_SEND);
        CompletableFuture<TargetResponse> response = real.send(request);
        if (isArmed(Point.AFTER_SEND)) {
            // Let this one reach the target and answer, then die with the answer in hand.
            response.handle((r, e) -> r).join();
            pass(Point.AFTER_SEND);
        }
        return response;
    }

    ResultStorage around(ResultStorage real) {
        return new ResultStorage() {
            @Override
            public void writePart(String key, byte[] content) {
                pass(Point.BEFORE_CHECKPOINT);
                real.writePart(key, content);
            }

            @Override
            public Optional<InputStream> openPart(String key) {
                if (!key.contains("/chunks/0/part-0")) {
                    pass(Point.MID_MERGE);
                }
                return real.openPart(key);
            }

            @Override
            public ResultWriter create(String key, String contentType) {
                return real.create(key, contentType);
            }
        };
    }

    ChunkStore around(ChunkStore real) {
        return new ChunkStore() {
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
            public ChunkState checkpoint(ChunkState current, Checkpoint checkpoint) {
                pass(Point.MID_CHECKPOINT);
                ChunkState committed = real.checkpoint(current, checkpoint);
                pass(Point.AFTER_CHECKPOINT);
                return committed;
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
        };
    }
}
