package dev.batchjobs.domain.target;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A row a worker still has to do: its 0-based index in the input, its id, and either the parsed row or
 * the reason it may not be sent (a row that failed the row rules under {@code skip_validation}).
 */
public record PendingRow(long rowIndex, String rowId, Optional<JsonNode> row, Optional<String> problem) {
    public static PendingRow valid(long rowIndex, String rowId, JsonNode row) {
        return new PendingRow(rowIndex, rowId, Optional.of(row), Optional.empty());
    }

    public static PendingRow invalid(long rowIndex, String rowId, String problem) {
        return new PendingRow(rowIndex, rowId, Optional.empty(), Optional.of(problem));
    }
}
