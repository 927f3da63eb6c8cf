package dev.batchjobs.domain.input;

import java.nio.charset.StandardCharsets;

/**
 * One record of an input file, as the splitter of its format cut it: its bytes (without the line end, and
 * cut off past {@link RecordReader#MAX_RECORD_BYTES}), where it starts and ends in the file (the end includes
 * the line end, so the next record starts there), and the 1-based line it starts on.
 *
 * @param tooLong      the record is longer than {@link RecordReader#MAX_RECORD_BYTES}; {@code bytes} is cut short
 * @param unterminated a CSV quoted field was still open at the end of the input
 */
public record InputRecord(byte[] bytes, long start, long end, long line, boolean tooLong, boolean unterminated) {

    /** Whether the record holds nothing but white space: such lines are not rows, for the planner and the workers alike. */
    public boolean isBlank() {
        if (tooLong) {
            return false;
        }
        for (byte b : bytes) {
            if (b < 0) {
                return new String(bytes, StandardCharsets.UTF_8).isBlank();
            }
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }
}
