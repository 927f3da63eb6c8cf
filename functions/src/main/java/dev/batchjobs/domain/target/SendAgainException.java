package dev.batchjobs.domain.target;

/**
 * The target refused a request for a reason the client has already mended (a credential rotated under the worker, now
 * read afresh). The chunk loop sends it once more as the same attempt, under a rate token like any start, so mending
 * it never sends past the rate. It carries the refusal: the row's answer when it cannot be sent again.
 */
public final class SendAgainException extends RuntimeException {
    private final transient TargetResponse refusal;

    public SendAgainException(TargetResponse refusal) {
        super("The target answered " + refusal.status() + "; send the request again", null, false, false);
        this.refusal = refusal;
    }

    public TargetResponse refusal() {
        return refusal;
    }
}
