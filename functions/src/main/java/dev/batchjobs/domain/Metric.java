package dev.batchjobs.domain;

/**
 * Every measurement the product publishes, with its unit. The names are the CloudWatch metric names (the
 * template's dashboard shows each one); a job's id is never a dimension, only a property of the record.
 */
public enum Metric {
    /** Requests the worker started against the target, retries included. */
    ROWS_SENT("RowsSent", Unit.COUNT),
    /** Rows whose final answer was a 2xx. */
    ROWS_SUCCEEDED("RowsSucceeded", Unit.COUNT),
    /** Rows that ended in failure (a final 4xx, 5xx after the retries, no answer, or refused before sending). */
    ROWS_FAILED("RowsFailed", Unit.COUNT),
    /** Attempts the retry policy scheduled again (429, 5xx, no answer). */
    ROWS_RETRIED("RowsRetried", Unit.COUNT),
    /** Answers of 429 Too Many Requests from the target. */
    ROWS_THROTTLED("RowsThrottled", Unit.COUNT),
    /** Requests per second one worker run reached for its job (sent over the run's time). */
    ACHIEVED_RPS("AchievedRps", Unit.COUNT_PER_SECOND),
    /** Rows per second one validation pass read. */
    VALIDATION_ROWS_PER_SECOND("ValidationRowsPerSecond", Unit.COUNT_PER_SECOND),
    /** Webhook deliveries a destination answered with a 2xx. */
    WEBHOOK_DELIVERIES("WebhookDeliveries", Unit.COUNT),
    /** Webhook attempts that failed (and wait for a retry, or go to the dead-letter queue). */
    WEBHOOK_DELIVERY_FAILURES("WebhookDeliveryFailures", Unit.COUNT),
    /** From an event's creation to its successful delivery. */
    WEBHOOK_DELIVERY_LAG("WebhookDeliveryLag", Unit.MILLISECONDS);

    /** CloudWatch's unit names. */
    public enum Unit {
        COUNT("Count"),
        COUNT_PER_SECOND("Count/Second"),
        MILLISECONDS("Milliseconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    private final String metricName;
    private final Unit unit;

    Metric(String metricName, Unit unit) {
        this.metricName = metricName;
        this.unit = unit;
    }

    public String metricName() {
        return metricName;
    }

    public Unit unit() {
        return unit;
    }
}
