package dev.batchjobs.domain.pipeline;

/**
 * What the state machine does after an upload event: {@code proceed} is false for an event that changes
 * nothing (late, duplicate, or for a job already canceled or timed out).
 */
public record BeginResult(
        boolean proceed, String jobId, String accountId, boolean skipValidation, long timeoutSeconds, String reason) {

    public static BeginResult ignored(String jobId, String accountId, String reason) {
        return new BeginResult(false, jobId, accountId, false, 0, reason);
    }
}
