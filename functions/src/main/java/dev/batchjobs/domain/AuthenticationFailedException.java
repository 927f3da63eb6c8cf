package dev.batchjobs.domain;

/** No API key, or one that is unknown, revoked or malformed. The message never echoes the key. */
public final class AuthenticationFailedException extends BatchJobsException {
    private AuthenticationFailedException(String code, String message) {
        super(code, null, message);
    }

    public static AuthenticationFailedException missingKey() {
        return new AuthenticationFailedException(
                "api_key_missing",
                "You did not provide an API key. Provide it in the Authorization header as 'Bearer sk_test_...'.");
    }

    public static AuthenticationFailedException invalidKey() {
        return new AuthenticationFailedException("api_key_invalid", "Invalid API key provided.");
    }
}
