package dev.batchjobs.domain.input;

/**
 * The first problem in an input file: where (1-based line, 0-based row, the row's id when it has one),
 * which field, and what was expected. Failures are data: this is stored on the job and written to the
 * output file, not only logged.
 */
public record InputError(String code, long line, long rowIndex, String rowId, String field, String message) {

    /** The message a client reads: "Line 7 (id 'req_7'): 'params' must be an object". */
    public String describe() {
        StringBuilder text = new StringBuilder("Line ").append(line);
        if (rowId != null) {
            text.append(" (id '").append(rowId).append("')");
        }
        return text.append(": ").append(message).toString();
    }
}
