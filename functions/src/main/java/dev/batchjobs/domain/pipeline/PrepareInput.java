package dev.batchjobs.domain.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.EndpointRegistry;
import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.JobConflictException;
import dev.batchjobs.domain.JobCounts;
import dev.batchjobs.domain.JobProgress;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.JobWrites;
import dev.batchjobs.domain.Metric;
import dev.batchjobs.domain.MetricRecord;
import dev.batchjobs.domain.Metrics;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ChunkStore;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.chunks.ResultStorage;
import dev.batchjobs.domain.events.ProgressEvents;
import dev.batchjobs.domain.input.InputError;
import dev.batchjobs.domain.input.InputScanner;
import dev.batchjobs.domain.input.ScanResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The step after {@link BeginProcessing}: one pass over the uploaded input. With validation, the first bad
 * row ends the job {@code validation_failed} with no request sent; the job and its output file say which
 * line, which id and what was wrong. Otherwise the chunks are planned, the rows counted, and a validating
 * job moves to {@code in_progress}. With {@code skip_validation} the pass only plans and marks rows whose id an
 * earlier row already has, which the workers refuse as duplicates; rows that break the rules are refused one by
 * one by the workers.
 */
public final class PrepareInput {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the state machine does next. */
    public record Prepared(boolean proceed, int chunkCount, long totalRows, String reason) {}

    private final JobWrites jobs;
    private final JobProgress recorded;
    private final ChunkStore chunks;
    private final InputStorage inputs;
    private final ResultStorage results;
    private final EndpointRegistry registry;
    private final InputScanner scanner;
    private final Clock clock;
    private final Duration progressEvery;
    private final Metrics metrics;

    /** @param progressEvery at most one progress event per job this often while the file is validated */
    public PrepareInput(
            JobWrites jobs,
            JobProgress recorded,
            ChunkStore chunks,
            InputStorage inputs,
            ResultStorage results,
            EndpointRegistry registry,
            InputScanner scanner,
            Clock clock,
            Duration progressEvery) {
        this(jobs, recorded, chunks, inputs, results, registry, scanner, clock, progressEvery, Metrics.NONE);
    }

    /** @param metrics receives the rows per second of each pass */
    public PrepareInput(
            JobWrites jobs,
            JobProgress recorded,
            ChunkStore chunks,
            InputStorage inputs,
            ResultStorage results,
            EndpointRegistry registry,
            InputScanner scanner,
            Clock clock,
            Duration progressEvery,
            Metrics metrics) {
        this.jobs = jobs;
        this.recorded = recorded;
        this.chunks = chunks;
        this.inputs = inputs;
        this.results = results;
        this.registry = registry;
        this.scanner = scanner;
        this.clock = clock;
        this.progressEvery = progressEvery;
        this.metrics = metrics;
    }

    public Prepared prepare(String accountId, String jobId, long inputSize) {
        BatchJob job = jobs.find(accountId, jobId).orElse(null);
        if (job == null || (job.status() != JobStatus.VALIDATING && job.status() != JobStatus.IN_PROGRESS)) {
            return new Prepared(false, 0, 0, job == null ? "no such job" : "job is " + job.status());
        }
        // The pinned copy's size: the file the job began with, whatever was uploaded since.
        long size = job.upload().pinned() == null
                ? inputSize
                : job.upload().pinned().size();
        boolean validating = job.status() == JobStatus.VALIDATING;
        Optional<Endpoint> endpoint = registry.find(job.spec().endpoint());
        if (validating && endpoint.isEmpty()) {
            throw new IllegalStateException(
                    "Job " + jobId + " targets " + job.spec().endpoint() + ", no longer in the registry");
        }
        ProgressEvents progress = new ProgressEvents(recorded, clock, progressEvery);
        Instant started = clock.instant();
        ScanResult scan = validating || endpoint.isEmpty()
                ? scanner.scan(
                        job.upload().format(),
                        inputs.read(job.upload().readKey(), 0, size),
                        () -> inputs.read(job.upload().readKey(), 0, size),
                        validating ? endpoint : Optional.empty(),
                        validated -> {
                            recorded.recordValidated(jobId, validated);
                            progress.progressed(job.accountId(), jobId);
                        },
                        size)
                // skip_validation: nothing is refused here, but a row whose id an earlier row has is marked not to
                // be sent, since the target would take its idempotency key for the earlier row's.
                : scanner.planMarkingDuplicates(
                        job.upload().format(),
                        inputs.read(job.upload().readKey(), 0, size),
                        () -> inputs.read(job.upload().readKey(), 0, size),
                        endpoint.get(),
                        size);
        long rowsRead = scan.rows();
        metrics.publish(MetricRecord.builder()
                .put(
                        Metric.VALIDATION_ROWS_PER_SECOND,
                        Metrics.perSecond(
                                rowsRead,
                                Duration.between(started, clock.instant()).toNanos()))
                .property("job_id", jobId)
                .property("rows", Long.toString(rowsRead))
                .property("validated", Boolean.toString(validating))
                .build());

        if (scan.error().isPresent()) {
            return fail(job, scan.error().get(), scan.rows());
        }
        List<ChunkState> planned = new ArrayList<>();
        scan.chunks().forEach(range -> planned.add(ChunkState.planned(jobId, planned.size(), range)));
        if (job.upload().format().isCsv()) {
            // Before the plan: a worker of any chunk finds the header it needs on the job.
            recorded.recordInputHeader(jobId, scan.header());
        }
        chunks.plan(jobId, planned);
        recorded.recordTotalRows(jobId, scan.rows());
        if (validating) {
            try {
                // The counts just recorded, so the event leaving validation carries the whole estimate.
                BatchJob counted = job.withCounts(new JobCounts(scan.rows(), 0, 0, scan.rows()));
                jobs.update(job, counted.startProcessing(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
            } catch (JobConflictException moved) {
                return new Prepared(
                        false, 0, scan.rows(), "job moved to " + moved.current().status() + " first");
            }
        }
        return new Prepared(true, planned.size(), scan.rows(), null);
    }

    private Prepared fail(BatchJob job, InputError error, long validated) {
        OutputFile output = writeErrorFile(job, error);
        BatchJob failed = job.withCounts(new JobCounts(validated, 0, 0, -1))
                .failValidation(output, error.describe(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        try {
            jobs.update(job, failed);
        } catch (JobConflictException moved) {
            return new Prepared(false, 0, 0, "job moved to " + moved.current().status() + " first");
        }
        return new Prepared(false, 0, 0, error.describe());
    }

    /** The output file of a job that failed validation: one result line for the row at fault. */
    private OutputFile writeErrorFile(BatchJob job, InputError error) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("id", error.rowId());
        ObjectNode detail = line.putObject("response").putObject("error");
        detail.put("type", "invalid_request_error");
        detail.put("code", error.code());
        detail.put("message", error.describe());
        detail.put("line", error.line());
        if (error.field() != null) {
            detail.put("param", error.field());
        }
        line.put("status", 400);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        String key = ResultFiles.outputKey(job.accountId(), job.id());
        ResultStorage.ResultWriter out = results.create(key, ResultFiles.CONTENT_TYPE);
        try {
            out.write(bytes);
            out.close();
        } catch (IOException e) {
            out.abort();
            throw new UncheckedIOException(e);
        }
        return new OutputFile(key, bytes.length, ResultFiles.CONTENT_TYPE);
    }
}
