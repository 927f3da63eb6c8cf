package dev.batchjobs.domain.target;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A row a worker still has to do: its 0-based index in the input, its id, and either the parsed row or
 * the reason it may not be sent (a row that failed the row rules under {@code skip_validation}, or one whose
 * id an earlier row already has), with the error code its result carries.
 */
public record PendingRow(long rowIndex, String rowId, Optional<JsonNode> row, Optional<String> problem, String code) {
    /** The code of a row refused for breaking the row rules. */
    public static final String INVALID_ROW = "invalid_row";

    public static PendingRow valid(long rowIndex, String rowId, JsonNode row) {
        return new PendingRow(rowIndex, rowId, Optional.of(row), Optional.empty(), null);
    }

    public static PendingRow invalid(long rowIndex, String rowId, String problem) {
        return refused(rowIndex, rowId, INVALID_ROW, problem);
    }

    /** A row not sent, for the reason {@code problem}; its result's error code is {@code code}. */
    public static PendingRow refused(long rowIndex, String rowId, String code, String problem) {
        return new PendingRow(rowIndex, rowId, Optional.empty(), Optional.of(problem), code);
    }
}
