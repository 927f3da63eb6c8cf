package dev.batchjobs.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.Preflight;
import dev.batchjobs.domain.events.JobEvent;
import dev.batchjobs.domain.events.PingDestination;

/**
 * The {@code v2.core.event} object: a Stripe v2 thin event about a batch job ({@code related_object}), with
 * the job's {@code metadata} and a small {@code data} block of its status and counts (int64 as strings, as
 * on the job). The same JSON is what the API returns, what goes on the bus, and what webhooks carry and sign.
 */
public final class EventJson {
    private EventJson() {}

    public static ObjectNode write(JobEvent event) {
        ObjectNode node = Json.object();
        node.put("id", event.id());
        node.put("object", "v2.core.event");
        node.put("type", event.type());
        node.put("created", Json.timestamp(event.created()));
        node.put("livemode", event.livemode());
        node.putNull("context");
        node.putNull("reason");
        ObjectNode related = node.putObject("related_object");
        related.put("id", event.jobId());
        related.put("type", JobEvent.RELATED_OBJECT_TYPE);
        related.put("url", event.relatedObjectUrl());
        ObjectNode metadata = node.putObject("metadata");
        event.sortedMetadata().forEach(metadata::put);
        ObjectNode data = node.putObject("data");
        JobEvent.Counts counts = event.counts();
        data.put("status", counts.status());
        data.put("validated_count", Long.toString(counts.validatedCount()));
        data.put("success_count", Long.toString(counts.successCount()));
        data.put("failure_count", Long.toString(counts.failureCount()));
        if (counts.totalCount() < 0) {
            data.putNull("total_count");
        } else {
            data.put("total_count", Long.toString(counts.totalCount()));
        }
        // Beyond the reference, only on a retry's events (as on the job): the job whose failed rows it runs again, so a
        // listener can tie the retry's completion to the original job without reading the retry.
        if (event.retryOf() != null) {
            data.put("retry_of", event.retryOf());
        }
        if (counts.preflight() != null) {
            preflight(data.putObject("preflight"), counts.preflight());
        }
        if (counts.plan() != null) {
            // Beyond the reference: as the job's status_details showed them at the change.
            data.put("rows_per_second", counts.plan().rowsPerSecondText());
            if (counts.plan().estimatedCompletionAt() == null) {
                data.putNull("estimated_completion_at");
            } else {
                data.put("estimated_completion_at", Json.timestamp(counts.plan().estimatedCompletionAt()));
            }
        }
        return node;
    }

    /**
     * Beyond the reference: the validation's estimate, as a job's {@code status_details.validating.preflight} and its
     * events show it (int64 as strings).
     */
    public static void preflight(ObjectNode node, Preflight preflight) {
        node.put("row_count", Long.toString(preflight.rowCount()));
        node.put("file_size", Long.toString(preflight.fileSize()));
        node.put("estimated_duration_seconds", Long.toString(preflight.estimatedDurationSeconds()));
    }

    /** The {@code v2.core.event_destination.ping} event: thin, about the destination, with no data. */
    public static ObjectNode write(PingDestination.Ping ping) {
        ObjectNode node = Json.object();
        node.put("id", ping.id());
        node.put("object", "v2.core.event");
        node.put("type", PingDestination.TYPE);
        node.put("created", Json.timestamp(ping.created()));
        node.put("livemode", ping.destination().livemode());
        node.putNull("context");
        node.putNull("reason");
        ObjectNode related = node.putObject("related_object");
        related.put("id", ping.destination().id());
        related.put("type", PingDestination.RELATED_OBJECT_TYPE);
        related.put("url", ping.relatedObjectUrl());
        return node;
    }

    public static String payload(PingDestination.Ping ping) {
        return Json.write(write(ping));
    }

    /** The event as a webhook body: compact JSON, the exact bytes that are signed. */
    public static String payload(JobEvent event) {
        return Json.write(write(event));
    }
}
