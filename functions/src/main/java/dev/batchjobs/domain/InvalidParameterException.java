package dev.batchjobs.domain;

/** A request field is missing, unknown, of the wrong type or out of range. */
public final class InvalidParameterException extends BatchJobsException {
    public static final String MISSING = "parameter_missing";
    public static final String INVALID = "parameter_invalid";
    public static final String UNKNOWN = "parameter_unknown";

    public InvalidParameterException(String code, String param, String message) {
        super(code, param, message);
    }

    public static InvalidParameterException missing(String param) {
        return new InvalidParameterException(MISSING, param, "Missing required parameter: " + param + ".");
    }

    public static InvalidParameterException invalid(String param, String expected) {
        return new InvalidParameterException(INVALID, param, "Invalid " + param + ": " + expected + ".");
    }

    public static InvalidParameterException unknown(String param) {
        return new InvalidParameterException(UNKNOWN, param, "Received unknown parameter: " + param + ".");
    }
}
