package dev.batchjobs.domain;

import java.time.Instant;
import java.util.List;

/** The overdue jobs the sweeper ends, of any account. */
public interface SweeperQueries {

    /** Up to {@code limit} jobs not yet ended whose processing deadline is before {@code now}. */
    List<BatchJob> runningPast(Instant now, int limit);

    /**
     * Up to {@code limit} jobs still {@code ready_for_upload} whose upload URL expired before {@code now}: what the
     * sweeper moves to {@code upload_timeout}.
     */
    List<BatchJob> awaitingUploadPast(Instant now, int limit);
}
