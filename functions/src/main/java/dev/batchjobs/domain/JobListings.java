package dev.batchjobs.domain;

/** The API's pages of an account's jobs, newest first. */
public interface JobListings {

    /** A page of the jobs of the account in one mode; throws {@link InvalidCursorException} for a cursor this store did not issue. */
    JobPage list(AccountScope scope, JobQuery query);

    /**
     * A page of the jobs of the account in one mode that have a Meteroid job type, filtered by type and Meteroid status, with the
     * number of all matching jobs taken from per-account, per-mode counters that every change keeps in step (no read of
     * every job).
     */
    MeteroidPage meteroidPage(AccountScope scope, MeteroidQuery query);
}
