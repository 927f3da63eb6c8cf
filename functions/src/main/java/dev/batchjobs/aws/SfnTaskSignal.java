package dev.batchjobs.aws;

import dev.batchjobs.domain.chunks.TaskSignal;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** SendTaskSuccess to Step Functions. A stale token (sent twice, or after the deadline) changes nothing. */
public final class SfnTaskSignal implements TaskSignal {
    private final SfnClient sfn;

    public SfnTaskSignal(SfnClient sfn) {
        this.sfn = sfn;
    }

    @Override
    public void succeed(String taskToken) {
        try {
            sfn.sendTaskSuccess(b -> b.taskToken(taskToken).output("{\"chunks\":\"settled\"}"));
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException stale) {
            // The execution timed out or another worker already sent it: nothing is waiting for this token.
        }
    }
}
