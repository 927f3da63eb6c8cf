package dev.batchjobs.domain.chunks;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a worker does with a chunk message: runs the chunk, and when the invocation's time ran out first,
 * queues a follow-up message for the same chunk, which carries on from the last checkpoint. A chunk of a paused job
 * is left as its checkpoint has it, unsettled, for the resume to queue again.
 *
 * <p>A job has one chunk message in the queue at a time: dispatch sends the first, and the worker that finishes a
 * chunk sends the next one <em>before</em> it settles this one. So a settled chunk always has its successor queued;
 * a crash between the send and the settle only redelivers this message, which settles it and sends the successor
 * again under the same deduplication id ({@code job:chunk:0}), dropped by the FIFO queue. The worker whose settle is
 * the job's last sends the state machine's task token back.
 *
 * <p>A chunk halted because the job stopped (cancelled, timed out, failed) ends the chain: nothing else of the job is
 * queued, so the worker settles it and sends the task token back at once, and a cancel ends the job within seconds
 * whatever the number of chunks left. A second token sent (a redelivery) is ignored by the state machine.
 */
public final class ProcessChunkMessage {
    private final RunChunk runChunk;
    private final ChunkStore chunks;
    private final ChunkQueue queue;
    private final TaskSignal signal;

    public ProcessChunkMessage(RunChunk runChunk, ChunkStore chunks, ChunkQueue queue, TaskSignal signal) {
        this.runChunk = runChunk;
        this.chunks = chunks;
        this.queue = queue;
        this.signal = signal;
    }

    public RunChunk.Result handle(ChunkMessage message, Supplier<Duration> remainingTime) throws InterruptedException {
        RunChunk.Result result = runChunk.run(message.accountId(), message.jobId(), message.chunk(), remainingTime);
        if (result == RunChunk.Result.PAUSED) {
            // Checkpointed, not settled: the resume sends the chunk again.
            return result;
        }
        if (result == RunChunk.Result.CONTINUE) {
            long version =
                    chunks.find(message.jobId(), message.chunk()).orElseThrow().version();
            // The chunk's version names the follow-up: a retried send is dropped, the next follow-up is not.
            queue.send(message, message.jobId() + ":" + message.chunk() + ":" + version);
            return result;
        }
        if (result == RunChunk.Result.HALTED) {
            chunks.settle(message.jobId(), message.chunk());
            chunks.taskToken(message.jobId()).ifPresent(signal::succeed);
            return result;
        }
        sendNext(message);
        chunks.settle(message.jobId(), message.chunk())
                .flatMap(ChunkStore.Settlement::tokenToSend)
                .ifPresent(signal::succeed);
        return result;
    }

    /** The job's next chunk, if it has one: its first message, named as dispatch names the first chunk's. */
    private void sendNext(ChunkMessage message) {
        int next = message.chunk() + 1;
        if (next < chunks.dispatchedChunks(message.jobId()).orElse(0)) {
            queue.send(
                    new ChunkMessage(message.accountId(), message.jobId(), next),
                    firstMessageId(message.jobId(), next));
        }
    }

    /** The deduplication id of a chunk's first message, whoever sends it. */
    public static String firstMessageId(String jobId, int chunk) {
        return jobId + ":" + chunk + ":0";
    }
}
