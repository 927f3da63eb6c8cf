package dev.batchjobs.domain;

/** The same idempotency key arrived with a different request body. */
public final class IdempotencyKeyReusedException extends BatchJobsException {
    public IdempotencyKeyReusedException(String key) {
        super(
                "idempotency_key_in_use",
                null,
                "Keys for idempotent requests can only be used with the same parameters they were first used with. "
                        + "The key '" + key + "' was used with different parameters.");
    }
}
