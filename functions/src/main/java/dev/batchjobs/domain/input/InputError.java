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
            text.append(" (id '").append(printable(rowId)).append("')");
        }
        return text.append(": ").append(message).toString();
    }

    /** An id as a message can show it: control characters escaped, cut after 100 characters. */
    private static String printable(String id) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < id.length() && out.length() < 100; i++) {
            char c = id.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
            }
        }
        return i < id.length() ? out + "..." : out.toString();
    }
}
