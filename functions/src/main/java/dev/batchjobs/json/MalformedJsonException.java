package dev.batchjobs.json;

/** A body that is not JSON; the message says what is wrong and where (line and column). */
public final class MalformedJsonException extends RuntimeException {
    public MalformedJsonException(String detail) {
        super(detail);
    }
}
