package dev.batchjobs.domain.pipeline;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobConflictException;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.JobWrites;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ChunkStore;
import dev.batchjobs.domain.chunks.ResultFiles;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The last step: merges every committed results part into the job's one output file, writes the failed rows'
 * error file when any failed ({@link ErrorFiles}), and ends the job —
 * {@code complete}, or {@code canceled} if a cancel arrived, or {@code timeout} when the processing deadline
 * passed — keeping partial results in the last two. {@link #fail} ends it {@code batch_failed}. A job that
 * has already ended is returned as it is, so a retried step changes nothing.
 */
public final class FinishJob {
    private static final int MAX_CONFLICT_RETRIES = 5;

    /** Why the job is ending. */
    public enum Ending {
        /** Every chunk is done, or stopped by a cancel. */
        CHUNKS_DONE,
        /** The processing deadline passed: the job ends timeout at once, its results come after the drain. */
        DEADLINE_PASSED,
        /** After a timeout and the workers' drain: merge the partial results into the timed-out job. */
        RESULTS_AFTER_TIMEOUT
    }

    private final JobWrites jobs;
    private final ChunkStore chunks;
    private final ResultFiles results;
    private final ErrorFiles errors;
    private final Clock clock;

    public FinishJob(JobWrites jobs, ChunkStore chunks, ResultFiles results, ErrorFiles errors, Clock clock) {
        this.jobs = jobs;
        this.chunks = chunks;
        this.results = results;
        this.errors = errors;
        this.clock = clock;
    }

    public Optional<BatchJob> finish(String accountId, String jobId, int chunkCount, Ending ending) {
        if (ending == Ending.RESULTS_AFTER_TIMEOUT) {
            return attachResults(accountId, jobId, chunkCount);
        }
        Optional<BatchJob> found = jobs.find(accountId, jobId);
        // The chunks are all settled: the files are the same whatever the status, so a lost race does not write them
        // again.
        Files files = null;
        for (int attempt = 0; found.isPresent() && attempt < MAX_CONFLICT_RETRIES; attempt++) {
            BatchJob job = found.get();
            if (job.status().isTerminal()) {
                return Optional.of(job);
            }
            // A timeout stops the workers first; its results are merged after they have drained.
            BatchJob ended =
                    job.finish(ending == Ending.DEADLINE_PASSED, clock.instant().truncatedTo(ChronoUnit.MILLIS));
            if (ended.status() != JobStatus.TIMEOUT) {
                files = files != null ? files : files(job, chunkCount);
                ended = files.attachTo(ended, null);
            }
            try {
                jobs.update(job, ended);
                return jobs.find(accountId, jobId);
            } catch (JobConflictException moved) {
                found = Optional.of(moved.current());
            }
        }
        return found;
    }

    /** Gives a timed-out job its results file, once its workers have drained; a job that has one keeps it. */
    private Optional<BatchJob> attachResults(String accountId, String jobId, int chunkCount) {
        Optional<BatchJob> found = jobs.find(accountId, jobId);
        if (found.isEmpty()
                || found.get().status() != JobStatus.TIMEOUT
                || found.get().outcome().outputFile() != null) {
            return found;
        }
        BatchJob job = found.get();
        try {
            jobs.update(job, files(job, chunkCount).attachTo(job, job.outcome().failureReason()));
        } catch (JobConflictException raced) {
            return Optional.of(raced.current());
        }
        return jobs.find(accountId, jobId);
    }

    /** A job's results file and, when rows failed, its error file (else null). */
    private record Files(OutputFile output, OutputFile errors) {
        BatchJob attachTo(BatchJob job, String reason) {
            return job.withOutcome(output, reason).withErrorFile(errors);
        }
    }

    /** Writes the job's files from its chunks. */
    private Files files(BatchJob job, int chunkCount) {
        List<ChunkState> states = chunkStates(job.id(), chunkCount);
        return new Files(
                results.merge(job.accountId(), job.id(), states),
                errors.write(job, states).orElse(null));
    }

    /** Ends the job {@code batch_failed} with a reason people can act on; never with a stack trace. */
    public Optional<BatchJob> fail(String accountId, String jobId, String reason) {
        Optional<BatchJob> found = jobs.find(accountId, jobId);
        for (int attempt = 0; found.isPresent() && attempt < MAX_CONFLICT_RETRIES; attempt++) {
            BatchJob job = found.get();
            if (job.status().isTerminal()) {
                return Optional.of(job);
            }
            try {
                jobs.update(job, job.fail(reason, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
                return jobs.find(accountId, jobId);
            } catch (JobConflictException moved) {
                found = Optional.of(moved.current());
            }
        }
        return found;
    }

    /** Every chunk of the job, read in batches; a chunk missing from the plan fails the merge by its index. */
    private List<ChunkState> chunkStates(String jobId, int chunkCount) {
        List<ChunkState> states = chunks.findAll(jobId, chunkCount);
        for (int i = 0; i < chunkCount; i++) {
            if (i >= states.size() || states.get(i).index() != i) {
                throw new IllegalStateException("Chunk " + i + " of " + jobId + " was never planned");
            }
        }
        return states;
    }
}
