package dev.batchjobs.domain;

/** No such object in the caller's account; another account's object looks exactly the same. */
public final class ResourceMissingException extends BatchJobsException {
    public ResourceMissingException(String objectName, String id) {
        super("resource_missing", "id", "No such " + objectName + ": '" + id + "'");
    }
}
