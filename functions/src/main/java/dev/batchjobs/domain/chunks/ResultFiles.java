package dev.batchjobs.domain.chunks;

import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.target.RowResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Names and writes the results of a job: one part per checkpoint
 * ({@code results/ACCOUNT/JOB/chunks/CHUNK/part-N.jsonl}) and, at the end, one merged JSONL file,
 * streamed part by part so that no job is ever held in memory.
 */
public final class ResultFiles {
    public static final String CONTENT_TYPE = "application/jsonlines";

    private final ResultStorage storage;

    public ResultFiles(ResultStorage storage) {
        this.storage = storage;
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

    /** Merges the committed parts of every chunk into the job's output file; parts past a chunk's count are ignored. */
    public OutputFile merge(String accountId, String jobId, List<ChunkState> chunks) {
        String key = outputKey(accountId, jobId);
        ResultStorage.ResultWriter out = storage.create(key, CONTENT_TYPE);
        try {
            byte[] buffer = new byte[64 * 1024];
            for (ChunkState chunk : chunks) {
                for (int part = 0; part < chunk.parts(); part++) {
                    String partKey = partKey(accountId, jobId, chunk.index(), part, chunk.partSuffix(part));
                    Optional<InputStream> in = storage.openPart(partKey);
                    if (in.isEmpty()) {
                        throw new IllegalStateException("Committed results part is missing: " + partKey);
                    }
                    try (InputStream stream = in.get()) {
                        for (int read; (read = stream.read(buffer)) > 0; ) {
                            out.write(buffer, 0, read);
                        }
                    }
                }
            }
            long size = out.size();
            out.close();
            return new OutputFile(key, size, CONTENT_TYPE);
        } catch (IOException e) {
            out.abort();
            throw new UncheckedIOException("Could not merge the results of " + jobId, e);
        } catch (RuntimeException e) {
            out.abort();
            throw e;
        }
    }
}
