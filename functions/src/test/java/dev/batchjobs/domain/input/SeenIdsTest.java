package dev.batchjobs.domain.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.InputFormat;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Ids claimed as bytes of a shared buffer (as the in-place check hands them over) are kept apart from that buffer and
 * stay exact when every hash collides: only the same id is a duplicate, and it names the first row's line.
 */
class SeenIdsTest {
    private static final String FILE = "{\"id\":\"a\"}\n{\"id\":\"bb\"}\n{\"id\":\"a\"}\n";

    private static SeenIds colliding() {
        byte[] file = FILE.getBytes(StandardCharsets.UTF_8);
        return new SeenIds(
                (bytes, from, length) -> 7L,
                () -> RecordReader.open(InputFormat.JSONL, new ByteArrayInputStream(file)),
                record -> RowDecoder.jsonl().decode(record).id());
    }

    @Test
    void idsFromOneReusedBufferStayExactUnderCollidingHashes() {
        SeenIds seen = colliding();
        byte[] buffer = "xx a bb".getBytes(StandardCharsets.US_ASCII);

        assertThat(seen.claimInBatch(buffer, 3, 1, 0, 1)).isEmpty();
        assertThat(seen.claimInBatch(buffer, 5, 2, 1, 2)).isEmpty();
        buffer[3] = 'z'; // the buffer is refilled before the batch is made: the claim kept its own copy
        Optional<SeenIds.Duplicate> duplicate = seen.claimInBatch("a", 2, 3);
        assertThat(duplicate).isEmpty();

        assertThat(seen.flush()).hasValueSatisfying(d -> {
            assertThat(d.id()).isEqualTo("a");
            assertThat(d.rowIndex()).isEqualTo(2);
            assertThat(d.line()).isEqualTo(3);
            assertThat(d.firstLine()).isEqualTo(1);
        });
    }

    @Test
    void distinctIdsWithOneHashAreNeverDuplicates() {
        SeenIds seen = colliding();
        byte[] ids = "a bb c".getBytes(StandardCharsets.US_ASCII);

        assertThat(seen.claimInBatch(ids, 0, 1, 0, 1)).isEmpty();
        assertThat(seen.claimInBatch(ids, 2, 2, 1, 2)).isEmpty();
        assertThat(seen.claimInBatch(ids, 5, 1, 2, 3)).isEmpty();
        assertThat(seen.flush()).isEmpty();
    }
}
