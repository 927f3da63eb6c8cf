package dev.batchjobs.domain.pipeline;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.JobConflictException;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.JobWrites;
import dev.batchjobs.domain.PinnedInput;
import dev.batchjobs.domain.ProcessingTimeouts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The first step after an upload: copies the announced upload to a key only the server writes ({@link PinnedInput}),
 * then moves the job {@code ready_for_upload → validating}, or straight to {@code in_progress} with
 * {@code skip_validation}, recording the copy and the processing deadline in the same conditional write. Whoever loses
 * that write (a duplicate event, a cancel, the upload-timeout sweep) changes nothing, so a late or repeated upload event
 * never restarts a job; and since everything after reads the copy, a second PUT to the upload URL cannot change what
 * the job runs. An event whose upload was already replaced by a newer one is ignored: the newer upload's own event
 * begins the job.
 */
public final class BeginProcessing {
    /** Past the state machine's own deadline, the sweeper's backstop takes over a job still running. */
    static final Duration BACKSTOP_GRACE = Duration.ofMinutes(10);

    private final JobWrites jobs;
    private final InputStorage inputs;
    private final Clock clock;
    private final ProcessingTimeouts timeouts;

    public BeginProcessing(JobWrites jobs, InputStorage inputs, Clock clock, ProcessingTimeouts timeouts) {
        this.jobs = jobs;
        this.inputs = inputs;
        this.clock = clock;
        this.timeouts = timeouts;
    }

    /** The key of the server's copy of one upload: under {@code pinned/}, named by the upload's ETag. */
    static String copyKey(UploadedInput input, String etag) {
        return "pinned/" + input.accountId() + "/" + input.jobId() + "/" + etag;
    }

    /** A retry job as {@link RetryJobs} stored it: begun, pinned, nothing validated or sent yet. */
    private static boolean awaitsItsFirstRun(BatchJob job) {
        JobStatus begun = job.spec().skipValidation() ? JobStatus.IN_PROGRESS : JobStatus.VALIDATING;
        return job.spec().lineage().isRetry()
                && job.upload().pinned() != null
                && job.status() == begun
                && job.counts().validated() == 0
                && job.counts().processed() == 0
                && job.counts().totalRows() < 0;
    }

    public BeginResult begin(String key, long size, String etag) {
        Optional<UploadedInput> input = UploadedInput.fromKey(key, size);
        if (input.isEmpty()) {
            return BeginResult.ignored(null, null, "not an input key: " + key);
        }
        String jobId = input.get().jobId();
        String accountId = input.get().accountId();
        Optional<BatchJob> found = jobs.find(accountId, jobId);
        if (found.isEmpty()) {
            return BeginResult.ignored(jobId, accountId, "no such job");
        }
        BatchJob job = found.get();
        if (awaitsItsFirstRun(job)) {
            // A retry is stored begun, on the input the service wrote for it (RetryJobs); its one execution runs it.
            return new BeginResult(true, jobId, accountId, job.spec().skipValidation(), timeoutSeconds(job), null);
        }
        if (job.status() != JobStatus.READY_FOR_UPLOAD) {
            return BeginResult.ignored(jobId, accountId, "job is " + job.status());
        }
        // The sweeper starts a job whose upload event was lost with no ETag: the object as it is now is the upload.
        Optional<String> announced = etag == null ? inputs.etag(key) : Optional.of(etag.replace("\"", ""));
        if (announced.isEmpty()) {
            return BeginResult.ignored(jobId, accountId, "no upload at " + key);
        }
        String tag = announced.get();
        Optional<PinnedInput> copy = inputs.pin(key, copyKey(input.get(), tag), tag);
        if (copy.isEmpty()) {
            return BeginResult.ignored(jobId, accountId, "the upload " + tag + " was replaced by a newer one");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            Duration timeout = job.spec().processingTimeout(timeouts);
            jobs.update(job, job.begin(copy.get(), now.plus(timeout).plus(BACKSTOP_GRACE), now));
        } catch (JobConflictException lost) {
            return BeginResult.ignored(
                    jobId, accountId, "job moved to " + lost.current().status() + " first");
        }
        return new BeginResult(true, jobId, accountId, job.spec().skipValidation(), timeoutSeconds(job), null);
    }

    /** What the state machine waits for the chunks: the job's own timeout, or the deployment's default. */
    private long timeoutSeconds(BatchJob job) {
        return job.spec().processingTimeout(timeouts).toSeconds();
    }
}
