package dev.batchjobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.pipeline.ErrorFiles;
import dev.batchjobs.domain.pipeline.ResultsSoFar;
import dev.batchjobs.testing.SampleJobs;
import dev.batchjobs.wiring.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the bucket keeps and for how long: what a client downloads is kept the retention period from the job's end;
 * what a running job reads is kept long enough for the longest job the deployment allows.
 */
class TemplateRetentionTest extends TemplateFixture {

    private Map<String, Object> lifecycleByPrefix() {
        Map<String, Object> byPrefix = new HashMap<>();
        Map<String, Object> bucket = properties(declared("AWS::S3::Bucket").get("DataBucket"));
        for (Object rule : (List<?>)
                SamTemplate.asMap(bucket.get("LifecycleConfiguration")).get("Rules")) {
            Map<String, Object> r = SamTemplate.asMap(rule);
            if (r.containsKey("Prefix")) {
                byPrefix.put(
                        String.valueOf(r.get("Prefix")),
                        referencedId(r.get("ExpirationInDays")).orElseThrow());
            }
        }
        return byPrefix;
    }

    @Test
    void outputsAreKeptTheRetentionPeriodAndWorkingDataAsLongAsTheLongestJobNeeds() {
        assertThat(lifecycleByPrefix())
                .containsEntry("outputs/", "ResultRetentionDays")
                .containsEntry("inputs/", "WorkingDataRetentionDays")
                .containsEntry("pinned/", "WorkingDataRetentionDays")
                .containsEntry("results/", "WorkingDataRetentionDays");
    }

    /** The keys the code writes land under the rule meant for them. */
    @Test
    void whatAClientDownloadsIsWrittenUnderOutputsAndWhatAJobRunsOnIsNot() {
        BatchJob job = SampleJobs.readyForUpload("acct_a", Instant.parse("2026-12-03T10:00:00Z"));

        assertThat(ResultFiles.outputKey("acct_a", job.id())).startsWith("outputs/");
        assertThat(ErrorFiles.key(job)).startsWith("outputs/");
        assertThat(ResultsSoFar.snapshotKey(job, Instant.EPOCH, ResultsSoFar.Filter.ALL))
                .startsWith("outputs/");
        assertThat(ResultFiles.partKey("acct_a", job.id(), 0, 0)).startsWith("results/");
        assertThat(job.upload().key()).startsWith("inputs/");
    }

    /** The template's defaults start: the working data outlives the longest job by a day. */
    @Test
    void theDefaultsAreASettingTheFunctionsAccept() {
        Map<String, Object> parameters = SamTemplate.asMap(written.get("Parameters"));
        Map<String, String> env = Map.of(
                Config.PROCESSING_TIMEOUT_SECONDS, defaultOf(parameters, "ProcessingTimeoutSeconds"),
                Config.MAX_PROCESSING_TIMEOUT_SECONDS, defaultOf(parameters, "MaxProcessingTimeoutSeconds"),
                Config.WORKING_DATA_RETENTION_DAYS, defaultOf(parameters, "WorkingDataRetentionDays"));

        assertThat(Config.timeouts(env).maximum()).isEqualTo(Duration.ofHours(24));
        assertThat(Long.parseLong(defaultOf(parameters, "WorkingDataRetentionDays")))
                .as("a retry is possible for most of a week after a 24-hour job, as before")
                .isGreaterThanOrEqualTo(8);
    }

    private static String defaultOf(Map<String, Object> parameters, String name) {
        return String.valueOf(SamTemplate.asMap(parameters.get(name)).get("Default"));
    }
}
