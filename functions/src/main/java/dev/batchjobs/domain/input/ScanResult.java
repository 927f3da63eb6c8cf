package dev.batchjobs.domain.input;

import java.util.List;
import java.util.Optional;

/**
 * What one pass over an input found: the rows, the chunks planned over them, a CSV file's header (its column
 * names; empty for JSONL), and the first error (only when validating; then the plan is not to be used).
 */
public record ScanResult(long rows, List<ChunkRange> chunks, List<String> header, Optional<InputError> error) {
    public ScanResult {
        chunks = List.copyOf(chunks);
        header = List.copyOf(header);
    }
}
