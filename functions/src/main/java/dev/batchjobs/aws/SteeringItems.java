package dev.batchjobs.aws;

import static dev.batchjobs.aws.AttributeValues.n;
import static dev.batchjobs.aws.AttributeValues.num;
import static dev.batchjobs.aws.AttributeValues.s;
import static dev.batchjobs.aws.AttributeValues.text;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.FailureThreshold;
import dev.batchjobs.domain.JobCounts;
import dev.batchjobs.domain.JobLineage;
import dev.batchjobs.domain.RateWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The job item's attributes for steering a job (beyond the reference), kept apart from {@link JobItems}: the
 * failure threshold and processing timeout set on create, and the counts a resume recorded (a transition's, so listed in
 * {@link #TRANSITION_ATTRIBUTES}). Items of jobs without them have none of these attributes.
 */
final class SteeringItems {
    static final String THRESHOLD_PERCENT = "ft_percent";
    static final String THRESHOLD_MINIMUM_ROWS = "ft_minimum_rows";
    static final String THRESHOLD_ACTION = "ft_action";
    /** The job's own processing timeout in seconds (absent on items stored before jobs had one). */
    static final String PROCESSING_TIMEOUT = "processing_timeout_seconds";

    static final String RESUMED_SUCCESS_COUNT = "resumed_success_count";
    static final String RESUMED_FAILURE_COUNT = "resumed_failure_count";
    /** Worker-owned, like the pacer's history: the rows ended in the last minute, as [epoch ms, rows, …]. */
    static final String RATE_SAMPLES = "rate_samples";
    /** A retry's parent and origin; a job's retries, appended by {@code DynamoDbJobStore.recordRetry} alone. */
    static final String RETRY_OF = "retry_of";

    static final String ORIGIN_JOB_ID = "origin_job_id";
    static final String RETRIES = "retry_ids";

    /** What a transition owns of these: set from the next job's item where it has them, removed where it has not. */
    static final List<String> TRANSITION_ATTRIBUTES = List.of(RESUMED_SUCCESS_COUNT, RESUMED_FAILURE_COUNT);

    private SteeringItems() {}

    static void write(BatchJob job, Map<String, AttributeValue> item) {
        job.spec().threshold().ifPresent(t -> {
            item.put(THRESHOLD_PERCENT, n(t.percent()));
            item.put(THRESHOLD_MINIMUM_ROWS, n(t.minimumRows()));
            item.put(THRESHOLD_ACTION, s(t.action().wireName()));
        });
        if (job.spec().processingTimeout() != null) {
            item.put(PROCESSING_TIMEOUT, n(job.spec().processingTimeout().toSeconds()));
        }
        JobLineage lineage = job.spec().lineage();
        if (lineage.isRetry()) {
            item.put(RETRY_OF, s(lineage.retryOf()));
            item.put(ORIGIN_JOB_ID, s(lineage.origin()));
        }
        if (!lineage.retries().isEmpty()) {
            item.put(
                    RETRIES,
                    AttributeValue.fromL(
                            lineage.retries().stream().map(AttributeValues::s).toList()));
        }
        JobCounts resumed = job.stage().atLastResume();
        if (resumed.processed() > 0) {
            item.put(RESUMED_SUCCESS_COUNT, n(resumed.succeeded()));
            item.put(RESUMED_FAILURE_COUNT, n(resumed.failed()));
        }
    }

    /** The job's failure threshold, or null. */
    static FailureThreshold threshold(Map<String, AttributeValue> item) {
        if (!item.containsKey(THRESHOLD_PERCENT)) {
            return null;
        }
        return new FailureThreshold(
                (int) num(item, THRESHOLD_PERCENT),
                num(item, THRESHOLD_MINIMUM_ROWS),
                FailureThreshold.Action.fromWireName(text(item, THRESHOLD_ACTION))
                        .orElseThrow());
    }

    /** The job's own processing timeout, or null. */
    static Duration processingTimeout(Map<String, AttributeValue> item) {
        return item.containsKey(PROCESSING_TIMEOUT) ? Duration.ofSeconds(num(item, PROCESSING_TIMEOUT)) : null;
    }

    /** The job's place among retries. */
    static JobLineage lineage(Map<String, AttributeValue> item) {
        AttributeValue retries = item.get(RETRIES);
        List<String> ids = retries == null || !retries.hasL()
                ? List.of()
                : retries.l().stream().map(AttributeValue::s).toList();
        return item.containsKey(RETRY_OF)
                ? new JobLineage(text(item, RETRY_OF), text(item, ORIGIN_JOB_ID), ids)
                : new JobLineage(null, null, ids);
    }

    static AttributeValue rate(RateWindow window) {
        List<AttributeValue> flat = new ArrayList<>();
        window.samples().forEach(sample -> {
            flat.add(n(sample.at().toEpochMilli()));
            flat.add(n(sample.rows()));
        });
        return AttributeValue.fromL(flat);
    }

    static RateWindow rate(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(RATE_SAMPLES);
        if (value == null || !value.hasL()) {
            return RateWindow.EMPTY;
        }
        List<AttributeValue> flat = value.l();
        List<RateWindow.Sample> samples = new ArrayList<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            samples.add(new RateWindow.Sample(
                    Instant.ofEpochMilli(Long.parseLong(flat.get(i).n())),
                    Long.parseLong(flat.get(i + 1).n())));
        }
        return new RateWindow(samples);
    }

    /** The counts the job's last resume recorded. */
    static JobCounts atLastResume(Map<String, AttributeValue> item) {
        if (!item.containsKey(RESUMED_SUCCESS_COUNT)) {
            return JobCounts.ZERO;
        }
        return new JobCounts(0, num(item, RESUMED_SUCCESS_COUNT), num(item, RESUMED_FAILURE_COUNT), -1);
    }
}
