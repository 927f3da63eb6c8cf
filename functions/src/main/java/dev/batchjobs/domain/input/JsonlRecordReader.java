package dev.batchjobs.domain.input;

import java.io.InputStream;

/** JSONL records: lines ended by {@code \n} (a {@code \r} before it is dropped); the last may have no line end. */
final class JsonlRecordReader extends RecordReader {

    JsonlRecordReader(InputStream in, long firstLine) {
        super(in, firstLine);
    }

    @Override
    protected InputRecord rest(int first, long start, long startLine) {
        int b = first;
        while (b != -1 && b != '\n') {
            keep(b);
            b = read();
        }
        return end(start, startLine, b == '\n', false);
    }
}
