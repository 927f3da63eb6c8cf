package dev.batchjobs.testing;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.EndpointRef;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.Ids;
import dev.batchjobs.domain.InputFormat;
import dev.batchjobs.domain.JobCounts;
import dev.batchjobs.domain.JobOutcome;
import dev.batchjobs.domain.JobSpec;
import dev.batchjobs.domain.JobStage;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.JobUpload;
import dev.batchjobs.domain.NotificationScope;
import dev.batchjobs.domain.PresignedUrl;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Jobs for store tests, built directly (not through the service). */
public final class SampleJobs {
    private SampleJobs() {}

    public static BatchJob readyForUpload(String accountId, Instant created) {
        return readyForUpload(Ids.newJobId(), accountId, created);
    }

    public static BatchJob readyForUpload(String id, String accountId, Instant created) {
        return new BatchJob(
                id,
                accountId,
                false,
                created,
                "00000000-0000-4000-8000-000000000001",
                new JobSpec(
                        new EndpointRef("/v1/customers/:id", HttpMethod.POST),
                        10,
                        Map.of("team", "billing"),
                        false,
                        NotificationScope.NONE,
                        "CUSTOMER_CSV_IMPORT"),
                new JobUpload(
                        InputFormat.JSONL,
                        null,
                        "inputs/" + accountId + "/" + id + "/input",
                        new PresignedUrl("https://storage.test/upload/" + id, created.plus(Duration.ofMinutes(5)))),
                new JobStage(JobStatus.READY_FOR_UPLOAD, 1, created, null),
                JobCounts.ZERO,
                JobOutcome.NONE);
    }

    /** The same job created by a live key of its account. */
    public static BatchJob inLiveMode(BatchJob job) {
        return new BatchJob(
                job.id(),
                job.accountId(),
                true,
                job.created(),
                job.createdBy(),
                job.spec(),
                job.upload(),
                job.stage(),
                job.counts(),
                job.outcome());
    }

    public static BatchJob withStatus(String accountId, Instant created, JobStatus status) {
        BatchJob job = readyForUpload(accountId, created);
        return new BatchJob(
                job.id(),
                job.accountId(),
                job.livemode(),
                job.created(),
                job.createdBy(),
                job.spec(),
                job.upload(),
                new JobStage(status, 1, job.stage().updated(), status.isTerminal() ? created : null),
                job.counts(),
                job.outcome());
    }

    /** The same job with its input in another format. */
    public static BatchJob withInput(BatchJob job, InputFormat input) {
        return new BatchJob(
                job.id(),
                job.accountId(),
                job.livemode(),
                job.created(),
                job.createdBy(),
                job.spec(),
                new JobUpload(
                        input,
                        job.upload().fileName(),
                        job.upload().key(),
                        job.upload().url()),
                job.stage(),
                job.counts(),
                job.outcome());
    }
}
