package dev.batchjobs.domain;

/** The job names an endpoint (path and method) that the registry does not allow. */
public final class UnsupportedEndpointException extends BatchJobsException {
    public UnsupportedEndpointException(EndpointRef ref, Iterable<Endpoint> supported) {
        super(
                "batch_api_unsupported_endpoint",
                "endpoint",
                "The endpoint " + ref.httpMethod().wireName() + " " + ref.path()
                        + " is not supported by batch jobs. Supported endpoints: " + describe(supported) + ".");
    }

    private static String describe(Iterable<Endpoint> supported) {
        StringBuilder text = new StringBuilder();
        for (Endpoint endpoint : supported) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(endpoint.httpMethod().wireName()).append(' ').append(endpoint.path());
        }
        return text.toString();
    }
}
