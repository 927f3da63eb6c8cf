package dev.batchjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.RateWindow;
import dev.batchjobs.domain.chunks.Checkpoint;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.events.LifecycleEvents;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.testing.ApiFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A running job's progress plan over HTTP: in status_details and on its updated events; absent on other statuses. */
class ProgressApiTest {
    private final ApiFixture fixture = new ApiFixture();
    private final String key = fixture.newKey("acct_alpha");

    @Test
    void aCancellingJobShowsItsLiveCountsLikeARunningOneButNoCompletionTime() {
        String id = fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .json("{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}")
                .send()
                .body()
                .get("id")
                .asText();
        BatchJob job = fixture.jobs.find("acct_alpha", id).orElseThrow();
        fixture.jobs.update(job, job.moveTo(JobStatus.IN_PROGRESS, fixture.clock.instant()));
        fixture.jobs.recordTotalRows(id, 100);
        fixture.chunks.plan(id, List.of(ChunkState.planned(id, 0, new ChunkRange(0, 1000, 0, 100, 1))));
        Instant now = fixture.clock.instant();
        fixture.chunks.checkpoint(
                fixture.chunks.find(id, 0).orElseThrow(),
                new Checkpoint(
                        LongStream.range(0, 30).boxed().toList(),
                        30,
                        0,
                        List.of(),
                        List.of(),
                        RateWindow.EMPTY.plus(now.plusSeconds(1), 30)));
        assertThat(fixture.call("POST", "/v2/core/batch_jobs/" + id + "/cancel")
                        .key(key)
                        .send()
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("cancelling");
        // The requests in flight at the cancel finish and are counted: the counts keep moving while it stops.
        fixture.chunks.checkpoint(
                fixture.chunks.find(id, 0).orElseThrow(),
                new Checkpoint(
                        LongStream.range(30, 40).boxed().toList(),
                        10,
                        0,
                        List.of(),
                        List.of(),
                        RateWindow.EMPTY.plus(now.plusSeconds(2), 10)));

        JsonNode details = fixture.call("GET", "/v2/core/batch_jobs/" + id)
                .key(key)
                .send()
                .body()
                .at("/status_details/cancelling");

        assertThat(details.get("success_count").asText()).isEqualTo("40");
        assertThat(details.get("failure_count").asText()).isEqualTo("0");
        assertThat(details.get("total_count").asText()).isEqualTo("100");
        assertThat(details.get("estimated_completion_at").isNull()).isTrue();
    }

    @Test
    void aRunningJobShowsItsTotalItsMeasuredRateAndWhenItWillBeDone() {
        String id = fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .json("{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}")
                .send()
                .body()
                .get("id")
                .asText();
        JsonNode waiting =
                fixture.call("GET", "/v2/core/batch_jobs/" + id).key(key).send().body();
        BatchJob job = fixture.jobs.find("acct_alpha", id).orElseThrow();
        fixture.jobs.update(job, job.moveTo(JobStatus.IN_PROGRESS, fixture.clock.instant()));
        fixture.jobs.recordTotalRows(id, 100);
        fixture.chunks.plan(id, List.of(ChunkState.planned(id, 0, new ChunkRange(0, 1000, 0, 100, 1))));
        // 20 rows a second for two seconds, recorded by a checkpoint as a worker does.
        Instant now = fixture.clock.instant();
        RateWindow window = RateWindow.EMPTY.plus(now.plusSeconds(1), 20).plus(now.plusSeconds(2), 20);
        fixture.chunks.checkpoint(
                fixture.chunks.find(id, 0).orElseThrow(),
                new Checkpoint(LongStream.range(0, 40).boxed().toList(), 40, 0, List.of(), List.of(), window));
        fixture.clock.advance(Duration.ofSeconds(2));

        JsonNode details = fixture.call("GET", "/v2/core/batch_jobs/" + id)
                .key(key)
                .send()
                .body()
                .at("/status_details/in_progress");

        assertThat(waiting.at("/status_details/ready_for_upload").has("rows_per_second"))
                .isFalse();
        assertThat(details.get("success_count").asText()).isEqualTo("40");
        assertThat(details.get("total_count").asText()).isEqualTo("100");
        assertThat(details.get("rows_per_second").asText()).isEqualTo("20.00");
        // 60 rows left at 20 a second.
        assertThat(Instant.parse(details.get("estimated_completion_at").asText()))
                .isEqualTo(fixture.clock.instant().plusSeconds(3));

        BatchJob counted = fixture.jobs.find("acct_alpha", id).orElseThrow();
        fixture.jobs.recordProgressEvent(
                counted, LifecycleEvents.progress(counted, fixture.clock.instant()), Duration.ofSeconds(5));
        JsonNode event = fixture.call("GET", "/v2/core/events")
                .key(key)
                .query("object_id", id)
                .send()
                .body()
                .at("/data/0");
        assertThat(event.get("type").asText()).isEqualTo("v2.core.batch_job.updated");
        assertThat(event.at("/data/rows_per_second").asText()).isEqualTo("20.00");
        assertThat(event.at("/data/estimated_completion_at").asText())
                .isEqualTo(details.get("estimated_completion_at").asText());
        assertThat(event.at("/data/total_count").asText()).isEqualTo("100");
    }
}
