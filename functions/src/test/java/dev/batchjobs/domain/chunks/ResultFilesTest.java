package dev.batchjobs.domain.chunks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.target.RowResult;
import dev.batchjobs.testing.InMemoryResultStorage;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultFilesTest {
    private final InMemoryResultStorage storage = new InMemoryResultStorage();
    private final ResultFiles files = new ResultFiles(storage);

    private static RowResult ok(long row) {
        return RowResult.error(row, "r" + row, 200, "t", "c", "m");
    }

    private static ChunkState chunk(int index, int parts) {
        return new ChunkState(
                "batchv2_J",
                index,
                new ChunkRange(0, 1, index * 10L, 10, index * 10L + 1),
                new BitSet(),
                parts,
                0,
                0,
                parts);
    }

    @Test
    void mergingConcatenatesEveryCommittedPartAndNothingElse() {
        files.writePart("acct", chunk(0, 0), List.of(ok(0), ok(1)));
        files.writePart("acct", chunk(0, 1), List.of(ok(2)));
        files.writePart("acct", chunk(1, 0), List.of(ok(10)));
        // Written but never committed (the checkpoint's transaction lost): must not appear.
        files.writePart("acct", chunk(1, 1), List.of(ok(11)));

        OutputFile output = files.merge("acct", "batchv2_J", List.of(chunk(0, 2), chunk(1, 1)));

        String text = storage.text(output.key()).orElseThrow();
        assertThat(text.lines()).hasSize(4);
        assertThat(text).contains("\"id\":\"r0\"").contains("\"id\":\"r10\"").doesNotContain("\"id\":\"r11\"");
        assertThat(output.size()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        assertThat(output.contentType()).isEqualTo("application/jsonlines");
        assertThat(output.key()).isEqualTo("outputs/acct/batchv2_J/output.jsonl");
    }

    @Test
    void aSecondWorkerOnTheSameChunkNeverReplacesTheCommittedPart() {
        ChunkState start = chunk(0, 0);
        files.writePart("acct", start, "winner", List.of(ok(0), ok(1)));
        ChunkState committed =
                new ChunkState("batchv2_J", 0, start.range(), new BitSet(), 1, 2, 0, 1, start.partTokensWith("winner"));
        // The other worker read the chunk at the same version, finished other rows, and lost the checkpoint's race.
        files.writePart("acct", start, "loser", List.of(ok(0), ok(2)));

        String text = storage.text(
                        files.merge("acct", "batchv2_J", List.of(committed)).key())
                .orElseThrow();

        assertThat(text).contains("\"id\":\"r1\"").doesNotContain("\"id\":\"r2\"");
        assertThat(text.lines()).hasSize(2);
    }

    @Test
    void aRetriedCheckpointOverwritesItsPartInsteadOfAddingOne() {
        files.writePart("acct", chunk(0, 0), List.of(ok(0)));
        files.writePart("acct", chunk(0, 0), List.of(ok(0)));

        OutputFile output = files.merge("acct", "batchv2_J", List.of(chunk(0, 1)));

        assertThat(storage.text(output.key()).orElseThrow().lines()).hasSize(1);
    }

    @Test
    void aMissingCommittedPartFailsTheMergeAndWritesNoOutput() {
        assertThatThrownBy(() -> files.merge("acct", "batchv2_J", List.of(chunk(0, 1))))
                .hasMessageContaining("part-0.jsonl");
        assertThat(storage.text(ResultFiles.outputKey("acct", "batchv2_J"))).isEmpty();
    }

    @Test
    void aJobWithNoResultsHasAnEmptyOutput() {
        OutputFile output = files.merge("acct", "batchv2_J", List.of(chunk(0, 0)));

        assertThat(output.size()).isZero();
        assertThat(storage.text(output.key())).contains("");
    }
}
