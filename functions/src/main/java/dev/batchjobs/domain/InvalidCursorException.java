package dev.batchjobs.domain;

/** A {@code page} cursor that this service did not issue. */
public final class InvalidCursorException extends BatchJobsException {
    public InvalidCursorException() {
        super(
                InvalidParameterException.INVALID,
                "page",
                "Invalid page: pass the page token from next_page_url unchanged.");
    }
}
