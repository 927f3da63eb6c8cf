package dev.batchjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.testing.ApiFixture;
import dev.batchjobs.testing.ApiFixture.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pause and resume over HTTP, on in-memory fakes: the answers, the errors, the events, both surfaces, isolation. */
class SteeringApiTest {
    private static final String CREATE = """
            {"endpoint": {"path": "/v1/customers/:id", "http_method": "post"}, "metadata": {"run": "r1"}}""";

    private final ApiFixture fixture = new ApiFixture();
    private final String key = fixture.newKey("acct_alpha");

    /** A job in progress with one dispatched chunk of ten rows. */
    private String running() {
        String id = fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .json(CREATE)
                .send()
                .body()
                .get("id")
                .asText();
        BatchJob job = fixture.jobs.find("acct_alpha", id).orElseThrow();
        fixture.jobs.update(job, job.moveTo(JobStatus.IN_PROGRESS, fixture.clock.instant()));
        fixture.chunks.plan(id, List.of(ChunkState.planned(id, 0, new ChunkRange(0, 100, 0, 10, 1))));
        fixture.chunks.recordDispatch(id, 1, "token");
        fixture.clock.advance(Duration.ofSeconds(1));
        return id;
    }

    private Result post(String id, String verb, String withKey) {
        return fixture.call("POST", "/v2/core/batch_jobs/" + id + "/" + verb)
                .key(withKey)
                .send();
    }

    @Test
    void pauseAnswersThePausedJobAndResumeTheRunningOneAndQueuesItsChunk() {
        String id = running();

        Result paused = post(id, "pause", key);
        Result again = post(id, "pause", key);

        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.body().get("status").asText()).isEqualTo("paused");
        JsonNode details = paused.body().at("/status_details/paused");
        assertThat(details.get("reason").asText()).isEqualTo("requested");
        assertThat(details.get("success_count").asText()).isEqualTo("0");
        assertThat(details.get("failure_count").asText()).isEqualTo("0");
        assertThat(again.body()).isEqualTo(paused.body());
        assertThat(fixture.queued).isEmpty();

        Result resumed = post(id, "resume", key);

        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.body().get("status").asText()).isEqualTo("in_progress");
        assertThat(resumed.body().at("/status_details/in_progress").has("reason"))
                .isFalse();
        assertThat(fixture.queued).singleElement().satisfies(q -> {
            assertThat(q.message().jobId()).isEqualTo(id);
            assertThat(q.message().chunk()).isZero();
        });
    }

    @Test
    void pauseAndResumeAreEventsWithTheJobsMetadata() {
        String id = running();
        post(id, "pause", key);
        post(id, "resume", key);

        JsonNode data = fixture.call("GET", "/v2/core/events")
                .key(key)
                .query("object_id", id)
                .send()
                .body()
                .get("data");

        List<String> types = new ArrayList<>();
        data.forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).contains("v2.core.batch_job.paused", "v2.core.batch_job.resumed");
        data.forEach(e -> assertThat(e.at("/metadata/run").asText()).isEqualTo("r1"));
        JsonNode pausedEvent = List.copyOf(collect(data)).stream()
                .filter(e -> e.get("type").asText().equals("v2.core.batch_job.paused"))
                .findFirst()
                .orElseThrow();
        assertThat(pausedEvent.at("/data/status").asText()).isEqualTo("paused");
    }

    private static List<JsonNode> collect(JsonNode array) {
        List<JsonNode> all = new ArrayList<>();
        array.forEach(all::add);
        return all;
    }

    @Test
    void pausingAJobThatEndedOrHasNotStartedIsRefusedAndResumingARunningOneToo() {
        String ended = running();
        post(ended, "cancel", key);
        String waiting = fixture.call("POST", "/v2/core/batch_jobs")
                .key(key)
                .json(CREATE)
                .send()
                .body()
                .get("id")
                .asText();
        String runningId = running();

        Result cancelling = post(ended, "pause", key);
        Result notUploaded = post(waiting, "pause", key);
        Result notPaused = post(runningId, "resume", key);

        assertThat(cancelling.status()).isEqualTo(400);
        assertThat(cancelling.errorCode()).isEqualTo("batch_job_not_pausable");
        assertThat(cancelling.body().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(notUploaded.errorCode()).isEqualTo("batch_job_not_pausable");
        assertThat(notPaused.status()).isEqualTo(400);
        assertThat(notPaused.errorCode()).isEqualTo("batch_job_not_paused");
        assertThat(notPaused.body().at("/error/message").asText()).contains("in_progress");
    }

    @Test
    void cancelWorksOnAPausedJobAndWakesItsChunks() {
        String id = running();
        post(id, "pause", key);

        Result canceled = post(id, "cancel", key);

        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.body().get("status").asText()).isEqualTo("cancelling");
        assertThat(fixture.queued).hasSize(1);
    }

    @Test
    void anotherAccountOrTheOtherModeCannotPauseOrResume() {
        String id = running();
        String other = fixture.newKey("acct_beta");
        String live = fixture.newLiveKey("acct_alpha");

        assertThat(post(id, "pause", other).status()).isEqualTo(404);
        assertThat(post(id, "pause", live).status()).isEqualTo(404);
        post(id, "pause", key);
        assertThat(post(id, "resume", other).status()).isEqualTo(404);
        assertThat(post(id, "resume", live).errorCode()).isEqualTo("resource_missing");
        assertThat(fixture.jobs.find("acct_alpha", id).orElseThrow().status()).isEqualTo(JobStatus.PAUSED);
        assertThat(fixture.call("POST", "/v2/core/batch_jobs/" + id + "/resume")
                        .send()
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aPausedJobIsProcessingOnTheMeteroidSurface() {
        String id = running();
        post(id, "pause", key);

        JsonNode job = fixture.call("GET", "/api/v1/batch-jobs")
                .key(key)
                .withoutHeader("stripe-version")
                .send()
                .body()
                .at("/data/0");

        assertThat(job.get("id").asText()).isEqualTo(id);
        assertThat(job.get("status").asText()).isEqualTo("PROCESSING");
    }

    @Test
    void pauseTakesNoBody() {
        String id = running();

        Result withBody = fixture.call("POST", "/v2/core/batch_jobs/" + id + "/pause")
                .key(key)
                .json("{\"reason\": \"x\"}")
                .send();

        assertThat(withBody.status()).isEqualTo(400);
        assertThat(fixture.jobs.find("acct_alpha", id).orElseThrow().status()).isEqualTo(JobStatus.IN_PROGRESS);
    }
}
