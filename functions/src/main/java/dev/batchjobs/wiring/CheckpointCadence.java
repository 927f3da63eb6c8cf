package dev.batchjobs.wiring;

import java.time.Duration;

/**
 * How often a chunk worker saves its progress (a results part and a DynamoDB transaction): every {@code every} or
 * every {@code rows} finished rows, whichever comes first. Production saves every 5 s or 1,000 rows; a test of the
 * local cloud that watches single checkpoints chooses a faster cadence.
 */
public record CheckpointCadence(Duration every, int rows) {}
