package dev.batchjobs.domain;

/** The limits that the seeds set for a job and its metadata. */
public final class JobLimits {
    public static final int MIN_RPS = 1;
    public static final int MAX_RPS = 100;
    public static final int DEFAULT_RPS = 10;
    public static final int MAX_METADATA_KEYS = 50;
    public static final int MAX_METADATA_KEY_LENGTH = 40;
    public static final int MAX_METADATA_VALUE_LENGTH = 500;
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    public static final int MIN_LIST_LIMIT = 1;
    public static final int MAX_LIST_LIMIT = 100;
    public static final int DEFAULT_LIST_LIMIT = 10;

    private JobLimits() {}
}
