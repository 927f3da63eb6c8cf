package dev.batchjobs.testing;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.EndpointRef;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.Ids;
import dev.batchjobs.domain.InputFormat;
import dev.batchjobs.domain.JobCounts;
import dev.batchjobs.domain.JobStatus;
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
        return new BatchJob(id, accountId, false, created,
                new EndpointRef("/v1/customers/:id", HttpMethod.POST), 10, Map.of("team", "billing"), false,
                NotificationScope.NONE, InputFormat.JSONL, null, JobStatus.READY_FOR_UPLOAD, 1, created,
                "inputs/" + accountId + "/" + id + "/input",
                new PresignedUrl("https://storage.test/upload/" + id, created.plus(Duration.ofMinutes(5))),
                JobCounts.ZERO, null, null, null, null, "CUSTOMER_CSV_IMPORT", "00000000-0000-4000-8000-000000000001");
    }

    public static BatchJob withStatus(String accountId, Instant created, JobStatus status) {
        BatchJob job = readyForUpload(accountId, created);
        return new BatchJob(job.id(), job.accountId(), job.livemode(), job.created(), job.endpoint(),
                job.maximumRps(), job.metadata(), job.skipValidation(), job.notificationScope(), job.input(), job.inputFileName(), status, 1,
                job.updated(), job.inputKey(), job.uploadUrl(), job.counts(), job.outputFile(), job.errorFile(), job.failureReason(),
                status.isTerminal() ? created : null, job.jobType(), job.createdBy());
    }

    /** The same job with its input in another format. */
    public static BatchJob withInput(BatchJob job, InputFormat input) {
        return new BatchJob(job.id(), job.accountId(), job.livemode(), job.created(), job.endpoint(),
                job.maximumRps(), job.metadata(), job.skipValidation(), job.notificationScope(), input, job.inputFileName(), job.status(),
                job.version(), job.updated(), job.inputKey(), job.uploadUrl(), job.counts(), job.outputFile(),
                job.errorFile(), job.failureReason(), job.finishedAt(), job.jobType(), job.createdBy());
    }
}
