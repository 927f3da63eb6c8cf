package dev.batchjobs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.JobCounts;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.Preflight;
import dev.batchjobs.domain.PresignedUrl;
import dev.batchjobs.domain.ProgressPlan;
import dev.batchjobs.json.EventJson;
import dev.batchjobs.json.Json;
import java.time.Clock;
import java.time.Duration;

/**
 * The {@code v2.core.batch_job} object as the reference spells it: int64 counts as strings, timestamps as
 * ISO-8601 with milliseconds, and {@code status_details} holding only the current status's entry.
 * Download URLs are presigned here, on every read, so they are always fresh and never stored.
 */
final class JobJson {
    static final String OUTPUT_CONTENT_TYPE = "application/jsonlines";
    static final String PAUSE_REQUESTED = "requested";

    private final InputStorage storage;
    private final Duration downloadUrlTtl;
    private final Clock clock;

    /** @param clock what a running job's progress plan is measured against */
    JobJson(InputStorage storage, Duration downloadUrlTtl, Clock clock) {
        this.storage = storage;
        this.downloadUrlTtl = downloadUrlTtl;
        this.clock = clock;
    }

    ObjectNode write(BatchJob job) {
        ObjectNode node = Json.object();
        node.put("id", job.id());
        node.put("object", "v2.core.batch_job");
        node.put("created", Json.timestamp(job.created()));
        node.put("livemode", job.livemode());
        node.put("maximum_rps", job.spec().maximumRps());
        // Beyond the reference: the rate the worker has in force (its share of the target's ceiling, the slow-down
        // after 429s), null before a worker ran; how many times the target answered 429.
        if (job.counts().pace().known()) {
            node.put("effective_rps", job.counts().pace().effectiveRps());
        } else {
            node.putNull("effective_rps");
        }
        node.put("throttled_count", Long.toString(job.counts().pace().throttledCount()));
        ObjectNode metadata = node.putObject("metadata");
        job.spec().sortedMetadata().forEach(metadata::put);
        node.put("skip_validation", job.spec().skipValidation());
        node.put("status", job.status().wireName());
        ObjectNode details = statusDetails(job);
        if (details == null) {
            node.putNull("status_details");
        } else {
            node.putObject("status_details").set(job.status().wireName(), details);
        }
        // Beyond the reference: what the job targets and how, so a client can see it without its own records.
        ObjectNode endpoint = node.putObject("endpoint");
        endpoint.put("path", job.spec().endpoint().path());
        endpoint.put("http_method", job.spec().endpoint().httpMethod().wireName());
        node.putObject("notification_suppression")
                .put("scope", job.spec().notificationScope().wireName());
        node.put("input_format", job.upload().format().kind().wireName());
        if (job.upload().fileName() != null) {
            node.put("input_file_name", job.upload().fileName());
        }
        if (job.upload().format().isCsv()) {
            node.put("delimiter", String.valueOf(job.upload().format().delimiter()));
        }
        job.spec()
                .threshold()
                .ifPresent(t -> node.putObject("failure_threshold")
                        .put("percent", t.percent())
                        .put("minimum_rows", Long.toString(t.minimumRows()))
                        .put("action", t.action().wireName()));
        // Beyond the reference: how long the job may process from its upload, in seconds (null on a job stored before
        // jobs had their own, which runs under the deployment's default).
        if (job.spec().processingTimeout() != null) {
            node.put("processing_timeout", job.spec().processingTimeout().toSeconds());
        } else {
            node.putNull("processing_timeout");
        }
        // Beyond the reference, only on jobs that took part in a retry: the job this one retries, the retries made of
        // it.
        if (job.spec().lineage().isRetry()) {
            node.put("retry_of", job.spec().lineage().retryOf());
        }
        if (!job.spec().lineage().retries().isEmpty()) {
            job.spec().lineage().retries().forEach(node.putArray("retries")::add);
        }
        // The upload the job runs, once it began: a later PUT to the upload URL is ignored, and a client tells which
        // of its uploads this is by the ETag S3 answered its PUT with.
        if (job.upload().pinned() == null) {
            node.putNull("input_file");
        } else {
            node.putObject("input_file")
                    .put("size", Long.toString(job.upload().pinned().size()))
                    .put("etag", job.upload().pinned().etag());
        }
        return node;
    }

    private ObjectNode statusDetails(BatchJob job) {
        JobCounts counts = job.counts();
        ObjectNode details = Json.object();
        switch (job.status()) {
            case READY_FOR_UPLOAD ->
                url(details.putObject("upload_url"), job.upload().url());
            case VALIDATING -> {
                details.put("validated_count", Long.toString(counts.validated()));
                Preflight.of(job).ifPresent(p -> EventJson.preflight(details.putObject("preflight"), p));
            }
            case IN_PROGRESS, CANCELLING -> {
                progress(details, counts);
                plan(details, job);
            }
            case PAUSED -> {
                progress(details, counts);
                plan(details, job);
                details.put("reason", job.pauseReason().orElse(PAUSE_REQUESTED));
            }
            case COMPLETE, CANCELED, TIMEOUT, VALIDATION_FAILED -> {
                progress(details, counts);
                if (job.status() == JobStatus.COMPLETE && counts.failed() > 0 && counts.succeeded() == 0) {
                    // Beyond the reference: a job that changed nothing says so, not only through its counts.
                    details.put(
                            "error",
                            "Every row failed (" + counts.failed() + " of " + counts.processed()
                                    + "); see the results file.");
                }
                if (job.status() == JobStatus.VALIDATION_FAILED && job.outcome().failureReason() != null) {
                    // Beyond the reference: the first error itself (line, id, what was wrong), not only in the file.
                    details.put("error", job.outcome().failureReason());
                }
                if (job.outcome().outputFile() != null) {
                    file(details.putObject("output_file"), job.outcome().outputFile());
                }
                if (job.outcome().errorFile() != null) {
                    // Beyond the reference: the failed rows in the input's format, with their errors, ready to fix and
                    // upload.
                    file(details.putObject("error_file"), job.outcome().errorFile());
                }
            }
            case BATCH_FAILED ->
                details.put(
                        "error",
                        job.outcome().failureReason() == null
                                ? "The batch job failed because of an internal error."
                                : job.outcome().failureReason());
            case UPLOAD_TIMEOUT -> {
                return null;
            }
        }
        return details;
    }

    private void file(ObjectNode node, OutputFile file) {
        node.put("content_type", file.contentType());
        node.put("size", Long.toString(file.size()));
        url(node.putObject("download_url"), downloadUrl(file));
    }

    /** A fresh download URL of one of the job's files. */
    PresignedUrl downloadUrl(OutputFile file) {
        return storage.presignDownload(file.key(), downloadUrlTtl);
    }

    private static void progress(ObjectNode details, JobCounts counts) {
        details.put("success_count", Long.toString(counts.succeeded()));
        details.put("failure_count", Long.toString(counts.failed()));
        if (counts.totalRows() >= 0) {
            // Beyond the reference: the rows in the file once validation or planning counted them, so a client can
            // show "done of total" (the CLI's progress bar does).
            details.put("total_count", Long.toString(counts.totalRows()));
        }
    }

    /** Beyond the reference: total_count, rows_per_second (over the last minute) and estimated_completion_at. */
    private void plan(ObjectNode details, BatchJob job) {
        ProgressPlan.of(job, clock.instant()).ifPresent(plan -> {
            if (plan.totalCount() < 0) {
                details.putNull("total_count");
            } else {
                details.put("total_count", Long.toString(plan.totalCount()));
            }
            details.put("rows_per_second", plan.rowsPerSecondText());
            if (plan.estimatedCompletionAt() == null) {
                details.putNull("estimated_completion_at");
            } else {
                details.put("estimated_completion_at", Json.timestamp(plan.estimatedCompletionAt()));
            }
        });
    }

    private static void url(ObjectNode node, PresignedUrl url) {
        node.put("expires_at", Json.timestamp(url.expiresAt()));
        node.put("url", url.url());
    }
}
