package dev.batchjobs.api;

import static dev.batchjobs.api.CreateJobRequestParser.kind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.FailureThreshold;
import dev.batchjobs.domain.InvalidParameterException;
import java.util.Set;

/**
 * Beyond Stripe: the create request's optional {@code failure_threshold}, {@code {"percent": 20, "minimum_rows": 50,
 * "action": "pause"}}. {@code percent} is required; {@code minimum_rows} defaults to 100 and {@code action} to
 * {@code pause}.
 */
final class FailureThresholdParser {
    static final String FIELD = "failure_threshold";
    private static final Set<String> FIELDS = Set.of("percent", "minimum_rows", "action");
    private static final long MAX_MINIMUM_ROWS = 1_000_000_000L;

    private FailureThresholdParser() {}

    /** The threshold, or null when the request has none. */
    static FailureThreshold parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        CreateJobRequestParser.requireObject(node, FIELD);
        CreateJobRequestParser.rejectUnknown(node, FIELDS, FIELD + ".");
        JsonNode percent = node.get("percent");
        if (percent == null || percent.isNull()) {
            throw InvalidParameterException.missing(FIELD + ".percent");
        }
        if (!percent.isIntegralNumber()
                || !percent.canConvertToInt()
                || percent.intValue() < 0
                || percent.intValue() > FailureThreshold.MAX_PERCENT) {
            throw InvalidParameterException.invalid(
                    FIELD + ".percent",
                    "expected an integer from 0 to " + FailureThreshold.MAX_PERCENT + ", received "
                            + (percent.isNumber() ? percent.asText() : kind(percent)));
        }
        long minimumRows = FailureThreshold.DEFAULT_MINIMUM_ROWS;
        JsonNode rows = node.get("minimum_rows");
        if (rows != null && !rows.isNull()) {
            if (!rows.isIntegralNumber()
                    || !rows.canConvertToLong()
                    || rows.longValue() < 1
                    || rows.longValue() > MAX_MINIMUM_ROWS) {
                throw InvalidParameterException.invalid(
                        FIELD + ".minimum_rows",
                        "expected an integer from 1 to " + MAX_MINIMUM_ROWS + ", received "
                                + (rows.isNumber() ? rows.asText() : kind(rows)));
            }
            minimumRows = rows.longValue();
        }
        FailureThreshold.Action action = FailureThreshold.Action.PAUSE;
        JsonNode actionNode = node.get("action");
        if (actionNode != null && !actionNode.isNull()) {
            String text = CreateJobRequestParser.requireString(node, "action", FIELD + ".action");
            action = FailureThreshold.Action.fromWireName(text)
                    .orElseThrow(() -> InvalidParameterException.invalid(
                            FIELD + ".action", "expected one of pause, fail, received '" + text + "'"));
        }
        return new FailureThreshold(percent.intValue(), minimumRows, action);
    }
}
