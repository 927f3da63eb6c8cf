package dev.batchjobs.domain;

/**
 * A condition the API reports to the client. Each subclass is one condition with one code; the API
 * layer maps them to HTTP in one place. Messages are written for the client and name the field.
 */
public abstract class BatchJobsException extends RuntimeException {
    private final String code;
    private final String param;

    protected BatchJobsException(String code, String param, String message) {
        super(message);
        this.code = code;
        this.param = param;
    }

    public String code() {
        return code;
    }

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }
}
