package dev.batchjobs.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.pipeline.PipelineStarter;
import dev.batchjobs.domain.pipeline.UploadedInput;
import dev.batchjobs.json.Json;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts the job's state machine execution with the input the S3 "Object Created" rule gives it (the state machine
 * reads {@code detail.bucket.name}, {@code detail.object.key} and {@code detail.object.size}), named after the job:
 * Step Functions refuses a second execution of one name, so two sweeps never start two.
 */
public final class SfnPipelineStarter implements PipelineStarter {
    private final SfnClient sfn;
    private final String stateMachineArn;
    private final String bucket;

    public SfnPipelineStarter(SfnClient sfn, String stateMachineArn, String bucket) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.bucket = bucket;
    }

    @Override
    public void start(UploadedInput upload) {
        ObjectNode event =
                Json.object().put("version", "0").put("source", "aws.s3").put("detail-type", "Object Created");
        ObjectNode detail = event.putObject("detail");
        detail.putObject("bucket").put("name", bucket);
        detail.putObject("object").put("key", upload.key()).put("size", upload.size());
        detail.put("reason", "BatchJobsSweeper");
        try {
            sfn.startExecution(
                    b -> b.stateMachineArn(stateMachineArn).name(upload.jobId()).input(Json.write(event)));
        } catch (ExecutionAlreadyExistsException alreadyStarted) {
            // An earlier sweep started it: the begin step decides what it does.
        }
    }
}
