package dev.batchjobs.domain.chunks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.target.RowResult;
import dev.batchjobs.testing.InMemoryResultStorage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** A storage whose reads take a while, shorter for later keys, so parts read at once finish out of order. */
    private final class SlowReads implements ResultStorage {
        final AtomicInteger reading = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public void writePart(String key, byte[] content) {
            storage.writePart(key, content);
        }

        @Override
        public Optional<InputStream> openPart(String key) {
            int now = reading.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            reads.incrementAndGet();
            try {
                // Later parts of each window come back first: the merge must still write them in order.
                Thread.sleep(8 - Math.min(7, Math.floorMod(key.hashCode(), 8)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                reading.decrementAndGet();
            }
            return storage.openPart(key);
        }

        @Override
        public ResultWriter create(String key, String contentType) {
            return storage.create(key, contentType);
        }
    }

    @Test
    void partsReadManyAtOnceAreWrittenInOrderWithNoMoreInFlightThanTheWindow() {
        SlowReads slow = new SlowReads();
        ResultFiles parallel = new ResultFiles(slow, 8);
        List<ChunkState> chunks = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            for (int p = 0; p < 10; p++) {
                long row = c * 10L + p;
                parallel.writePart("acct", chunk(c, p), "t" + p, List.of(ok(row)));
                expected.add("r" + row);
                // A losing writer's part beside every committed one: never read.
                parallel.writePart("acct", chunk(c, p), "lost" + p, List.of(ok(9_999)));
            }
            List<String> tokens = new ArrayList<>();
            for (int p = 0; p < 10; p++) {
                tokens.add("t" + p);
            }
            chunks.add(new ChunkState("batchv2_J", c, chunk(c, 10).range(), new BitSet(), 10, 10, 0, 10, tokens));
        }

        OutputFile output = parallel.merge("acct", "batchv2_J", chunks);

        List<String> ids = storage.text(output.key())
                .orElseThrow()
                .lines()
                .map(line -> line.split("\"id\":\"")[1].split("\"")[0])
                .toList();
        assertThat(ids).containsExactlyElementsOf(expected);
        assertThat(slow.reads).hasValue(200);
        assertThat(slow.mostAtOnce.get()).isBetween(2, 8);
    }

    @Test
    void aPartMissingAmongManyReadAtOnceFailsTheMergeAndWritesNoOutput() {
        ResultFiles parallel = new ResultFiles(storage, 4);
        List<ChunkState> chunks = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            for (int p = 0; p < 3; p++) {
                if (c != 6 || p != 1) {
                    parallel.writePart("acct", chunk(c, p), List.of(ok(c * 10L + p)));
                }
            }
            chunks.add(chunk(c, 3));
        }

        assertThatThrownBy(() -> parallel.merge("acct", "batchv2_J", chunks))
                .hasMessageContaining("chunks/6/part-1.jsonl");
        assertThat(storage.text(ResultFiles.outputKey("acct", "batchv2_J"))).isEmpty();
    }
}
