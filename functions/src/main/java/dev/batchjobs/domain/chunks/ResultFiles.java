package dev.batchjobs.domain.chunks;

import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.target.RowResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Names and writes the results of a job: one part per checkpoint
 * ({@code results/ACCOUNT/JOB/chunks/CHUNK/part-N.jsonl}) and, at the end, one merged JSONL file, streamed in
 * order with a fixed window of parts read ahead, so that no job is ever held in memory and a job of many parts (one
 * a second for a day) is not merged one GET after another.
 */
public final class ResultFiles {
    public static final String CONTENT_TYPE = "application/jsonlines";

    /** How many parts a merge reads at once by default: well under the SDK's default pool of 50 connections. */
    public static final int READ_AHEAD = 32;

    private final ResultStorage storage;
    private final int readAhead;

    public ResultFiles(ResultStorage storage) {
        this(storage, READ_AHEAD);
    }

    /** @param readAhead how many parts a merge fetches at once (1: one after the other) */
    public ResultFiles(ResultStorage storage, int readAhead) {
        this.storage = storage;
        this.readAhead = readAhead;
    }

    public static String partKey(String accountId, String jobId, int chunk, int part) {
        return partKey(accountId, jobId, chunk, part, "");
    }

    /** @param suffix what the name carries after the part's number ({@link ChunkState#partSuffix}) */
    public static String partKey(String accountId, String jobId, int chunk, int part, String suffix) {
        return "results/" + accountId + "/" + jobId + "/chunks/" + chunk + "/part-" + part + suffix + ".jsonl";
    }

    /**
     * The job's results file: under {@code outputs/}, which the bucket keeps for the retention period after each file
     * is written (at the job's end), apart from the working data under {@code results/}, {@code pinned/} and
     * {@code inputs/}, kept long enough for the longest job.
     */
    public static String outputKey(String accountId, String jobId) {
        return "outputs/" + accountId + "/" + jobId + "/output.jsonl";
    }

    /**
     * Writes the part a checkpoint is about to commit. Its name is the chunk's next part number, so a
     * checkpoint that is retried after a crash overwrites the same object instead of adding a second one.
     */
    public void writePart(String accountId, ChunkState chunk, List<RowResult> rows) {
        writePart(accountId, chunk, null, rows);
    }

    /**
     * Writes the part a checkpoint is about to commit under the checkpoint's own {@code token} as well as the
     * chunk's next part number: a second worker on the same chunk (a message delivered twice at once) writes a
     * part of its own and loses the checkpoint's race, and the part the chunk commits is never replaced.
     */
    public void writePart(String accountId, ChunkState chunk, String token, List<RowResult> rows) {
        StringBuilder text = new StringBuilder();
        rows.forEach(row -> text.append(row.toJsonLine()).append('\n'));
        storage.writePart(
                partKey(accountId, chunk.jobId(), chunk.index(), chunk.parts(), token == null ? "" : "-" + token),
                text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Merges the committed parts of every chunk into the job's output file, in chunk and part order; parts past a
     * chunk's count, and parts not named by a committed token, are never read. The parts are fetched
     * {@link #readAhead} at a time while the output is written in order.
     */
    public OutputFile merge(String accountId, String jobId, List<ChunkState> chunks) {
        String key = outputKey(accountId, jobId);
        ResultStorage.ResultWriter out = storage.create(key, CONTENT_TYPE);
        try (PartReadAhead parts = new PartReadAhead(storage, committedParts(accountId, jobId, chunks), readAhead)) {
            for (Optional<byte[]> part = parts.next(); part.isPresent(); part = parts.next()) {
                out.write(part.get());
            }
            long size = out.size();
            out.close();
            return new OutputFile(key, size, CONTENT_TYPE);
        } catch (IOException e) {
            out.abort();
            throw new UncheckedIOException("Could not merge the results of " + jobId, e);
        } catch (RuntimeException | Error e) {
            out.abort();
            throw e;
        }
    }

    /** The keys of the committed parts, chunk by chunk, made as they are asked for. */
    private static Iterator<String> committedParts(String accountId, String jobId, List<ChunkState> chunks) {
        return chunks.stream()
                .flatMap(chunk -> IntStream.range(0, chunk.parts())
                        .mapToObj(part -> partKey(accountId, jobId, chunk.index(), part, chunk.partSuffix(part))))
                .iterator();
    }
}
