package dev.batchjobs.local.sfn;

/** An error as Step Functions names it ({@code States.Timeout}, a task's error name, ...), with its cause. */
public final class StatesException extends RuntimeException {
    private final String error;

    public StatesException(String error, String cause) {
        super(cause);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
