package dev.batchjobs.domain.pipeline;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.InputStorage;
import dev.batchjobs.domain.RetryCommand;
import dev.batchjobs.domain.RetryTooLargeException;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ChunkStore;
import dev.batchjobs.domain.chunks.ResultStorage;
import dev.batchjobs.domain.failures.FailureRecord;
import dev.batchjobs.domain.failures.FailureStore;
import dev.batchjobs.domain.input.CsvFields;
import dev.batchjobs.domain.input.InputRecord;
import dev.batchjobs.domain.input.RecordReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The input of a retry: the failed rows of an ended job that the retry takes, each exactly as the client wrote it in
 * the job's pinned input (the failures store keeps a row's index and why it failed, not its params), in input order,
 * in the input's format (a CSV file keeps its header). Read chunk by chunk with each chunk's byte range, as the error
 * file is, so neither the input nor the failures are ever held beyond one chunk's.
 */
final class RetryRows {
    private static final Pattern STATUS = Pattern.compile("^HTTP (\\d{3})");

    private final InputStorage inputs;
    private final ChunkStore chunks;
    private final FailureStore failures;
    private final ResultStorage storage;
    private final Clock clock;
    private final Duration budget;

    /** @param budget how long gathering the rows may take: the API function has 30 seconds in all */
    RetryRows(
            InputStorage inputs,
            ChunkStore chunks,
            FailureStore failures,
            ResultStorage storage,
            Clock clock,
            Duration budget) {
        this.inputs = inputs;
        this.chunks = chunks;
        this.failures = failures;
        this.storage = storage;
        this.clock = clock;
        this.budget = budget;
    }

    /** The rows a retry takes, by chunk; and how many rows failed in all. */
    record Selection(List<ChunkState> chunks, List<Set<Long>> rows, long taken, long failed) {}

    /** The HTTP status a failure's reason starts with ({@code RowResult.failureReason}); 0 when it names none. */
    static int status(String reason) {
        Matcher matcher = STATUS.matcher(reason);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    Selection select(BatchJob job, RetryCommand.Only only) {
        List<ChunkState> states = new ArrayList<>();
        List<Set<Long>> rows = new ArrayList<>();
        long taken = 0;
        long failed = 0;
        for (int index = 0; ; index++) {
            Optional<ChunkState> found = chunks.find(job.id(), index);
            if (found.isEmpty()) {
                break;
            }
            if (found.get().failed() == 0) {
                continue;
            }
            Set<Long> chunkRows = new HashSet<>();
            for (FailureRecord failure : failures.chunk(job.id(), index)) {
                failed++;
                if (only.takes(status(failure.reason()))) {
                    chunkRows.add(failure.itemIndex());
                }
            }
            if (!chunkRows.isEmpty()) {
                states.add(found.get());
                rows.add(chunkRows);
                taken += chunkRows.size();
            }
        }
        return new Selection(states, rows, taken, failed);
    }

    /**
     * Writes the selected rows to {@code key}; returns the object's size. Past the budget (counted from
     * {@code started}, when the selection began) it writes nothing and throws {@link RetryTooLargeException}.
     */
    long write(BatchJob job, Selection selection, String key, Instant started) {
        Instant giveUpAt = started.plus(budget);
        String contentType = job.upload().format().kind().contentType();
        ResultStorage.ResultWriter out = storage.create(key, contentType);
        boolean csv = job.upload().format().isCsv();
        byte[] newline = (csv ? "\r\n" : "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (csv) {
                out.write(new CsvFields(job.upload().format().delimiter())
                        .print(job.upload().format().header())
                        .getBytes(StandardCharsets.UTF_8));
                out.write(newline);
            }
            for (int i = 0; i < selection.chunks().size(); i++) {
                if (clock.instant().isAfter(giveUpAt)) {
                    throw new RetryTooLargeException(job.id(), selection.taken());
                }
                ChunkState chunk = selection.chunks().get(i);
                Set<Long> wanted = selection.rows().get(i);
                try (RecordReader records = chunk.records(job.upload(), inputs)) {
                    long rowIndex = chunk.range().firstRow();
                    for (InputRecord record = records.nextRow(); record != null; record = records.nextRow()) {
                        if (wanted.contains(rowIndex++)) {
                            out.write(record.bytes());
                            out.write(newline);
                        }
                    }
                }
            }
            long size = out.size();
            out.close();
            return size;
        } catch (IOException e) {
            out.abort();
            throw new UncheckedIOException("Could not write the retry input of " + job.id(), e);
        } catch (RuntimeException e) {
            out.abort();
            throw e;
        }
    }
}
