package dev.batchjobs.domain.pipeline;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobNotFoundException;
import dev.batchjobs.domain.JobReads;
import dev.batchjobs.domain.JobResultsNotReadyException;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ChunkStore;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.chunks.ResultStorage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Results so far (beyond the reference): a snapshot file of every row that has finished, in the final results file's
 * JSONL, taken while the job runs and without touching it. Only committed parts are read (a chunk's part count and
 * part tokens, read once per chunk), so each row is in it exactly once, whatever the worker is writing meanwhile;
 * parts are streamed one after the other into the snapshot object, so nothing grows with the job but the time. That
 * time is bounded: past {@code budget} the snapshot stops at a part's end and says it is truncated (every row in it
 * still finished, and once). A job that ended with its results file answers with that file (filtered when asked).
 */
public final class ResultsSoFar {
    /** Which rows a snapshot keeps. */
    public enum Filter {
        ALL,
        SUCCEEDED,
        FAILED;

        boolean keeps(int status) {
            return switch (this) {
                case ALL -> true;
                case SUCCEEDED -> status >= 200 && status < 300;
                case FAILED -> status < 200 || status >= 300;
            };
        }
    }

    /**
     * A snapshot file and what it holds.
     *
     * @param asOf when the snapshot began reading: every row committed before it is in the file
     * @param fromFinalFile whether this is (a filter of) the job's final results file
     * @param truncated whether the time budget stopped it before every committed part was read
     */
    public record Snapshot(
            OutputFile file, long rowCount, Instant asOf, boolean fromFinalFile, boolean truncated, BatchJob job) {}

    private static final Set<JobStatus> NOT_STARTED =
            Set.of(JobStatus.READY_FOR_UPLOAD, JobStatus.VALIDATING, JobStatus.UPLOAD_TIMEOUT);

    private final JobReads jobs;
    private final ChunkStore chunks;
    private final ResultStorage storage;
    private final Clock clock;
    private final Duration budget;

    public ResultsSoFar(JobReads jobs, ChunkStore chunks, ResultStorage storage, Clock clock, Duration budget) {
        this.jobs = jobs;
        this.chunks = chunks;
        this.storage = storage;
        this.clock = clock;
        this.budget = budget;
    }

    public static String snapshotKey(BatchJob job, Instant at, Filter filter) {
        return "outputs/" + job.accountId() + "/" + job.id() + "/snapshots/" + at.toEpochMilli() + "-"
                + filter.name().toLowerCase() + "-"
                + UUID.randomUUID().toString().substring(0, 8) + ".jsonl";
    }

    public Snapshot take(AccountScope scope, String jobId, Filter filter) {
        BatchJob job = jobs.find(scope, jobId).orElseThrow(() -> new JobNotFoundException(jobId));
        if (NOT_STARTED.contains(job.status())) {
            throw new JobResultsNotReadyException(jobId, job.status());
        }
        Instant asOf = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        OutputFile output = job.outcome().outputFile();
        if (job.status().isTerminal() && output != null) {
            if (filter == Filter.ALL) {
                return new Snapshot(output, job.counts().processed(), asOf, true, false, job);
            }
        } else if (job.status() == JobStatus.VALIDATION_FAILED) {
            throw new JobResultsNotReadyException(jobId, job.status());
        }
        String key = snapshotKey(job, asOf, filter);
        ResultStorage.ResultWriter out = storage.create(key, ResultFiles.CONTENT_TYPE);
        Instant giveUpAt = clock.instant().plus(budget);
        try {
            long[] rows = {0};
            boolean truncated = false;
            if (job.status().isTerminal() && output != null) {
                copy(open(output.key()), filter, out, rows);
            } else {
                truncated = copyCommittedParts(job, filter, out, rows, giveUpAt);
            }
            long size = out.size();
            out.close();
            return new Snapshot(
                    new OutputFile(key, size, ResultFiles.CONTENT_TYPE),
                    rows[0],
                    asOf,
                    output != null && job.status().isTerminal(),
                    truncated,
                    job);
        } catch (IOException e) {
            out.abort();
            throw new UncheckedIOException("Could not write the results so far of " + jobId, e);
        } catch (RuntimeException e) {
            out.abort();
            throw e;
        }
    }

    /** Every chunk's committed parts, in chunk order; true when the budget ran out first. */
    private boolean copyCommittedParts(
            BatchJob job, Filter filter, ResultStorage.ResultWriter out, long[] rows, Instant giveUpAt)
            throws IOException {
        for (int index = 0; ; index++) {
            Optional<ChunkState> found = chunks.find(job.id(), index);
            if (found.isEmpty()) {
                return false;
            }
            ChunkState chunk = found.get();
            for (int part = 0; part < chunk.parts(); part++) {
                if (clock.instant().isAfter(giveUpAt)) {
                    return true;
                }
                String partKey = ResultFiles.partKey(job.accountId(), job.id(), index, part, chunk.partSuffix(part));
                copy(open(partKey), filter, out, rows);
            }
        }
    }

    private InputStream open(String key) {
        return storage.openPart(key)
                .orElseThrow(() -> new IllegalStateException("Committed results object is missing: " + key));
    }

    /** Copies the lines the filter keeps, counting them. */
    private static void copy(InputStream in, Filter filter, ResultStorage.ResultWriter out, long[] rows)
            throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty() || !filter.keeps(status(line))) {
                    continue;
                }
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                rows[0]++;
            }
        }
    }

    /** A results line ends with its top-level {@code "status":N} ({@code RowResult.toJsonLine}). */
    static int status(String line) {
        int at = line.lastIndexOf("\"status\":");
        if (at < 0) {
            return 0;
        }
        int start = at + "\"status\":".length();
        int end = start;
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
            end++;
        }
        return end == start ? 0 : Integer.parseInt(line.substring(start, end));
    }
}
