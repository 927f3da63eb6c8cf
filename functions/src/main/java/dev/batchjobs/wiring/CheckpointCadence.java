package dev.batchjobs.wiring;

import java.time.Duration;

/**
 * How often a chunk worker saves its progress (a results part and a DynamoDB transaction): every {@code rows} finished
 * rows, or every {@code every} once at least {@code leastRows} have finished (a slow job waits for them, at most three
 * intervals). Production saves every 5 s or 1,000 rows, with 150 rows at least; a test of the local cloud that watches
 * single checkpoints chooses a faster cadence.
 */
public record CheckpointCadence(Duration every, int rows, int leastRows) {}
