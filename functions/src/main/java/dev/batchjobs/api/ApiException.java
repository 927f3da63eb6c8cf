package dev.batchjobs.api;

/** A problem with the HTTP exchange itself (route, method, content type, size, version header). */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException versionNotProvided() {
        return new ApiException(
                400,
                "stripe_api_version_not_provided",
                "No API version was provided. Set the Stripe-Version header, for example 'Stripe-Version: 2026-04-22.preview'.");
    }

    public static ApiException unrecognizedUrl(String method, String path) {
        return new ApiException(
                404, "unrecognized_request_url", "Unrecognized request URL (" + method + ": " + path + ").");
    }

    public static ApiException methodNotAllowed(String method, String path) {
        return new ApiException(
                405, "method_not_allowed", "The method " + method + " is not allowed for " + path + ".");
    }

    public static ApiException unsupportedMediaType(String contentType) {
        return new ApiException(
                415,
                "unsupported_media_type",
                "Invalid Content-Type '" + contentType + "': send the request body as application/json (UTF-8).");
    }

    public static ApiException tooLarge(int limit) {
        return new ApiException(413, "request_too_large", "The request body is larger than " + limit + " bytes.");
    }

    public static ApiException invalidJson(String detail) {
        return new ApiException(400, "invalid_json", "The request body is not valid JSON: " + detail);
    }
}
