package dev.batchjobs.domain.failures;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.JobNotFoundException;
import dev.batchjobs.domain.JobStore;
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

    private final JobStore jobs;
    private final ChunkStore chunks;
    private final FailureStore failures;

    public FailureQueries(JobStore jobs, ChunkStore chunks, FailureStore failures) {
        this.jobs = jobs;
        this.chunks = chunks;
        this.failures = failures;
    }

    /** @param chunk only this chunk's failures (offset then counts within the chunk); empty for the whole job */
    public Listing list(Caller caller, String jobId, Optional<Integer> chunk, long offset, int limit) {
        BatchJob job = jobs.find(caller.accountId(), jobId).orElseThrow(() -> new JobNotFoundException(jobId));
        if (chunk.isPresent()) {
            long total = chunks.find(job.id(), chunk.get()).map(ChunkState::failed).orElse(0L);
            return new Listing(limit == 0 ? List.of() : failures.chunkPage(job.id(), chunk.get(), offset, limit), total);
        }
        return new Listing(limit == 0 ? List.of() : failures.page(job.id(), offset, limit), job.counts().failed());
    }

    /** The public id of a chunk, Meteroid's {@code bjch_…}: the job's id and the chunk's index, so it needs no table. */
    public static String chunkId(String jobId, int index) {
        return "bjch_" + jobId.substring(jobId.indexOf('_') + 1) + "_" + index;
    }

    /** The index of a chunk id of this job, if it is one. */
    public static Optional<Integer> chunkIndex(String jobId, String chunkId) {
        String prefix = "bjch_" + jobId.substring(jobId.indexOf('_') + 1) + "_";
        if (!chunkId.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            int index = Integer.parseInt(chunkId.substring(prefix.length()));
            return index >= 0 ? Optional.of(index) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
