package dev.batchjobs.domain.chunks;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a worker does with a chunk message: runs the chunk and, in the same paced run, the job's chunks after it while
 * the invocation has time; when the time ran out first, queues a follow-up message for the chunk it stopped in, which
 * carries on from that chunk's last checkpoint. A chunk of a paused job
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
        RunChunk.Run run = runChunk.runOnward(message.accountId(), message.jobId(), message.chunk(), remainingTime);
        // The chunks the run finished on its way to the one it stopped at: each one's successor ran in this
        // invocation, whose message stays in flight until it returns (a crash redelivers it, and its run skips them).
        for (int finished = message.chunk(); finished < run.chunk(); finished++) {
            chunks.settle(message.jobId(), finished)
                    .flatMap(ChunkStore.Settlement::tokenToSend)
                    .ifPresent(signal::succeed);
        }
        ChunkMessage reached = message.at(run.chunk());
        RunChunk.Result result = run.result();
        if (result == RunChunk.Result.PAUSED) {
            // Checkpointed, not settled: the resume sends the chunk again.
            return result;
        }
        if (result == RunChunk.Result.CONTINUE) {
            long version =
                    chunks.find(reached.jobId(), reached.chunk()).orElseThrow().version();
            // The chunk's version names the follow-up: a retried send is dropped, the next follow-up is not.
            queue.send(reached, reached.jobId() + ":" + reached.chunk() + ":" + version);
            return result;
        }
        if (result == RunChunk.Result.HALTED) {
            chunks.settle(reached.jobId(), reached.chunk());
            chunks.taskToken(reached.jobId()).ifPresent(signal::succeed);
            return result;
        }
        sendNext(reached);
        chunks.settle(reached.jobId(), reached.chunk())
                .flatMap(ChunkStore.Settlement::tokenToSend)
                .ifPresent(signal::succeed);
        return result;
    }

    /** The job's next chunk, if it has one: its first message, named as dispatch names the first chunk's. */
    private void sendNext(ChunkMessage message) {
        int next = message.chunk() + 1;
        if (next < chunks.dispatchedChunks(message.jobId()).orElse(0)) {
            queue.send(message.at(next), firstMessageId(message.jobId(), next));
        }
    }

    /** The deduplication id of a chunk's first message, whoever sends it. */
    public static String firstMessageId(String jobId, int chunk) {
        return jobId + ":" + chunk + ":0";
    }
}
