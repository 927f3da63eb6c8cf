package dev.batchjobs.domain.chunks;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a worker does with a chunk message: runs the chunk, and when the invocation's time ran out first,
 * queues a follow-up message for the same chunk, which carries on from the last checkpoint. A chunk of a paused job
 * is left as its checkpoint has it, unsettled, for the resume to queue again. A chunk that is
 * finished, or halted because the job stopped, is settled once; the worker whose settle is the job's last
 * sends the state machine's task token back.
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
        chunks.settle(message.jobId(), message.chunk())
                .flatMap(ChunkStore.Settlement::tokenToSend)
                .ifPresent(signal::succeed);
        return result;
    }
}
