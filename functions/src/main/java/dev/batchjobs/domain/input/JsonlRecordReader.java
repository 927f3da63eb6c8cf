package dev.batchjobs.domain.input;

import java.io.InputStream;

/** JSONL records: lines ended by {@code \n} (a {@code \r} before it is dropped); the last may have no line end. */
final class JsonlRecordReader extends RecordReader {

    JsonlRecordReader(InputStream in, long firstLine) {
        super(in, firstLine);
    }

    @Override
    protected InputRecord rest(int first, long start, long startLine) {
        if (first == '\n') {
            return end(start, startLine, true, false);
        }
        keep(first);
        return end(start, startLine, keepToLineEnd(), false);
    }
}
