package dev.batchjobs.client;

/** What went wrong, as one line a person can act on: the CLI prints its message and nothing else. */
final class ApiError extends RuntimeException {
    ApiError(String message) {
        super(message, null, false, false);
    }
}
