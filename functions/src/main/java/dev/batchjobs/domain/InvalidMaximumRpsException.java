package dev.batchjobs.domain;

/** {@code maximum_rps} is not an integer between the bounds. */
public final class InvalidMaximumRpsException extends BatchJobsException {
    public InvalidMaximumRpsException(String received) {
        super(
                "batch_api_invalid_maximum_rps",
                "maximum_rps",
                "Invalid maximum_rps: expected an integer from " + JobLimits.MIN_RPS + " to " + JobLimits.MAX_RPS
                        + ", received " + received + ".");
    }
}
