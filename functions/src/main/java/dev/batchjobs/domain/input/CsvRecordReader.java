package dev.batchjobs.domain.input;

import java.io.InputStream;

/**
 * CSV records per RFC 4180: a record ends at a {@code \n} outside quotes (a {@code \r} before it is dropped), so a
 * quoted field may hold delimiters, doubled quotes and line ends, and a chunk boundary never falls inside one.
 * A quote opens a quoted field only as a field's first character, as Commons CSV reads it; elsewhere it is an
 * ordinary character. Only the record boundaries are decided here, on bytes (every byte that matters is ASCII,
 * and no byte of a multi-byte UTF-8 character is); the fields are read by {@link CsvRowDecoder}.
 */
final class CsvRecordReader extends RecordReader {
    private enum State {
        FIELD_START,
        UNQUOTED,
        QUOTED,
        QUOTE_IN_QUOTED
    }

    private final int delimiter;

    CsvRecordReader(InputStream in, char delimiter, long firstLine) {
        super(in, firstLine);
        this.delimiter = delimiter;
    }

    @Override
    protected InputRecord rest(int first, long start, long startLine) {
        int b = first;
        State state = State.FIELD_START;
        while (b != -1) {
            boolean quoted = state == State.QUOTED;
            if (b == '\n' && !quoted) {
                break;
            }
            state = switch (state) {
                case FIELD_START -> b == '"' ? State.QUOTED : b == delimiter ? State.FIELD_START : State.UNQUOTED;
                case UNQUOTED -> b == delimiter ? State.FIELD_START : State.UNQUOTED;
                case QUOTED -> b == '"' ? State.QUOTE_IN_QUOTED : State.QUOTED;
                // A doubled quote is a quote in the value; any other byte after the closing quote is for the parser to
                // judge.
                case QUOTE_IN_QUOTED -> b == '"' ? State.QUOTED : b == delimiter ? State.FIELD_START : State.UNQUOTED;
            };
            keep(b);
            b = read();
        }
        return end(start, startLine, b == '\n', state == State.QUOTED);
    }
}
