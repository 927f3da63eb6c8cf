package dev.batchjobs.domain;

/**
 * Where jobs live: every port over the jobs, as one store implements them (the DynamoDB adapter, the in-memory
 * fake, the publishing decorator). Use cases depend on the ports they use, never on this whole.
 *
 * @see JobReads
 * @see JobWrites
 * @see JobProgress
 * @see JobListings
 * @see SweeperQueries
 */
public interface JobStore extends JobWrites, JobProgress, JobListings, SweeperQueries {}
