package dev.batchjobs.domain.input;

import dev.batchjobs.domain.chunks.ChunkRange;
import java.util.List;
import java.util.Optional;

/**
 * What one pass over an input found: the rows, the chunks planned over them, and the first error (only
 * when validating; then the plan is not to be used).
 */
public record ScanResult(long rows, List<ChunkRange> chunks, Optional<InputError> error) {
    public ScanResult {
        chunks = List.copyOf(chunks);
    }
}
