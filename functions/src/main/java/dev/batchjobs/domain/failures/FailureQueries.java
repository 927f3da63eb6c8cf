package dev.batchjobs.domain.failures;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.InvalidParameterException;
import dev.batchjobs.domain.JobNotFoundException;
import dev.batchjobs.domain.JobReads;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ChunkStore;
import java.util.List;
import java.util.Optional;

/**
 * Reading a job's row failures, scoped to the caller's account (another account's job is not found). The
 * total comes from the counters the failures were written with: the job's failure count, or the chunk's.
 */
public final class FailureQueries {
    /** A page of failures and how many there are in all (for the job, or for the chunk asked for). */
    public record Listing(List<FailureRecord> failures, long total) {}

    private final JobReads jobs;
    private final ChunkStore chunks;
    private final FailureStore failures;

    public FailureQueries(JobReads jobs, ChunkStore chunks, FailureStore failures) {
        this.jobs = jobs;
        this.chunks = chunks;
        this.failures = failures;
    }

    /** @param chunk only this chunk's failures (offset then counts within the chunk); empty for the whole job */
    public Listing list(Caller caller, String jobId, Optional<Integer> chunk, long offset, int limit) {
        BatchJob job = jobs.find(caller.scope(), jobId).orElseThrow(() -> new JobNotFoundException(jobId));
        if (chunk.isPresent()) {
            long total =
                    chunks.find(job.id(), chunk.get()).map(ChunkState::failed).orElse(0L);
            return new Listing(
                    limit == 0 ? List.of() : failures.chunkPage(job.id(), chunk.get(), offset, limit), total);
        }
        return new Listing(
                limit == 0 ? List.of() : failures.page(job.id(), offset, limit),
                job.counts().failed());
    }

    /** The index of the job's chunk with this public id ({@link ChunkState#id()}); anything else is a bad {@code chunk_id}. */
    public static int chunkIndex(String jobId, String chunkId) {
        String prefix = ChunkState.idPrefix(jobId);
        if (chunkId.startsWith(prefix)) {
            try {
                int index = Integer.parseInt(chunkId.substring(prefix.length()));
                if (index >= 0) {
                    return index;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw InvalidParameterException.invalid("chunk_id", "'" + chunkId + "' is not a chunk of batch job " + jobId);
    }
}
