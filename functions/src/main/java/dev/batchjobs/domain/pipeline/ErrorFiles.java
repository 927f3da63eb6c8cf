package dev.batchjobs.domain.pipeline;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.InputFormat;
import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ResultStorage;
import dev.batchjobs.domain.failures.FailureRecord;
import dev.batchjobs.domain.failures.FailureStore;
import dev.batchjobs.domain.input.CsvFields;
import dev.batchjobs.domain.input.CsvLayout;
import dev.batchjobs.domain.input.InputRecord;
import dev.batchjobs.domain.input.RecordReader;
import dev.batchjobs.domain.input.RowDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The error file of a job that ended with failed rows: each failed row as the client wrote it, in the input's own
 * format, with why it failed — a JSONL row with an {@code error} field, a CSV row with an {@code _error} column
 * (replacing one the input already had). The input ignores both, so the file can be fixed and uploaded as a new
 * job as it is. Rows come in input order, read chunk by chunk from the input with the chunk's byte range, so
 * neither the input nor the failures are ever held in memory beyond one chunk's.
 */
public final class ErrorFiles {
    /** How often a chunk's failures are read again when the index serving them lags the chunk's own count. */
    private static final int MAX_READS = 20;

    private final InputStorage inputs;
    private final FailureStore failures;
    private final ResultStorage storage;
    private final Pause pause;

    /** Waits between reads of an index that is catching up. */
    public interface Pause {
        void pause() throws InterruptedException;
    }

    public ErrorFiles(InputStorage inputs, FailureStore failures, ResultStorage storage, Pause pause) {
        this.inputs = inputs;
        this.failures = failures;
        this.storage = storage;
        this.pause = pause;
    }

    public static String key(BatchJob job) {
        return "outputs/" + job.accountId() + "/" + job.id() + "/errors."
                + job.upload().format().kind().extension();
    }

    /** Writes the job's error file from its chunks' failures; empty when no row failed. */
    public Optional<OutputFile> write(BatchJob job, List<ChunkState> chunks) {
        if (chunks.stream().noneMatch(c -> c.failed() > 0)) {
            return Optional.empty();
        }
        String key = key(job);
        String contentType = job.upload().format().kind().contentType();
        ResultStorage.ResultWriter out = storage.create(key, contentType);
        try {
            RowWriter rows = job.upload().format().isCsv()
                    ? new CsvRowWriter(job.upload().format(), out)
                    : new JsonlRowWriter(out);
            for (ChunkState chunk : chunks) {
                if (chunk.failed() > 0) {
                    writeChunk(job, chunk, rows);
                }
            }
            long size = out.size();
            out.close();
            return Optional.of(new OutputFile(key, size, contentType));
        } catch (IOException e) {
            out.abort();
            throw new UncheckedIOException("Could not write the error file of " + job.id(), e);
        } catch (RuntimeException e) {
            out.abort();
            throw e;
        }
    }

    private void writeChunk(BatchJob job, ChunkState chunk, RowWriter rows) throws IOException {
        Map<Long, String> reasons = reasons(job.id(), chunk);
        try (RecordReader records = chunk.records(job.upload(), inputs)) {
            long rowIndex = chunk.range().firstRow();
            for (InputRecord record = records.nextRow(); record != null; record = records.nextRow()) {
                String reason = reasons.get(rowIndex++);
                if (reason != null) {
                    rows.write(record, reason);
                }
            }
        }
    }

    /**
     * The chunk's failures by row. The chunk's own count says how many there are; the index that serves a chunk's
     * failures may lag a just-written checkpoint, so it is read again until it has them all.
     */
    private Map<Long, String> reasons(String jobId, ChunkState chunk) {
        try {
            for (int read = 1; ; read++) {
                List<FailureRecord> records = failures.chunk(jobId, chunk.index());
                if (records.size() >= chunk.failed()) {
                    Map<Long, String> reasons = new HashMap<>();
                    records.forEach(r -> reasons.put(r.itemIndex(), r.reason()));
                    return reasons;
                }
                if (read == MAX_READS) {
                    throw new IllegalStateException("Chunk " + chunk.index() + " of " + jobId + " counts "
                            + chunk.failed() + " failures but " + records.size() + " are stored");
                }
                pause.pause();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the failures of " + jobId, e);
        }
    }

    /** Writes one failed row with its reason. */
    private interface RowWriter {
        void write(InputRecord record, String reason) throws IOException;
    }

    /** The row's object with {@code error} set; a line that is not an object keeps its text under {@code raw}. */
    private static final class JsonlRowWriter implements RowWriter {
        private final RowDecoder decoder = RowDecoder.jsonl();
        private final ResultStorage.ResultWriter out;

        JsonlRowWriter(ResultStorage.ResultWriter out) {
            this.out = out;
        }

        @Override
        public void write(InputRecord record, String reason) throws IOException {
            RowDecoder.Decoded decoded = decoder.decode(record);
            ObjectNode line;
            if (decoded.ok()) {
                line = (ObjectNode) decoded.row();
                line.put("error", reason);
            } else {
                line = JsonNodeFactory.instance.objectNode();
                line.put("error", reason);
                line.put("raw", new String(record.bytes(), StandardCharsets.UTF_8));
            }
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The input's header with {@code _error} as its last column, then each row's values with its reason there. A row
     * that cannot be read as the header's columns is written as it came, with the reason appended.
     */
    private static final class CsvRowWriter implements RowWriter {
        private final CsvFields fields;
        private final ResultStorage.ResultWriter out;
        private final int width;
        private final int errorColumn;
        private final byte[] delimiter;

        CsvRowWriter(InputFormat format, ResultStorage.ResultWriter out) throws IOException {
            this.fields = new CsvFields(format.delimiter());
            this.out = out;
            this.width = format.header().size();
            this.errorColumn =
                    format.header().stream().map(String::strip).toList().indexOf(CsvLayout.ERROR_COLUMN);
            this.delimiter = String.valueOf(format.delimiter()).getBytes(StandardCharsets.UTF_8);
            List<String> header = new ArrayList<>(format.header());
            if (errorColumn >= 0) {
                header.remove(errorColumn);
            }
            header.add(CsvLayout.ERROR_COLUMN);
            line(fields.print(header));
        }

        @Override
        public void write(InputRecord record, String reason) throws IOException {
            CsvFields.Fields read = fields.read(record);
            if (read.ok() && read.values().length == width) {
                List<String> values = new ArrayList<>(Arrays.asList(read.values()));
                if (errorColumn >= 0) {
                    values.remove(errorColumn);
                }
                values.add(reason);
                line(fields.print(values));
                return;
            }
            out.write(record.bytes());
            out.write(delimiter);
            line(fields.print(List.of(reason)));
        }

        private void line(String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
