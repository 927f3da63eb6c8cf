package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.aws.S3ResultStorage;
import dev.batchjobs.domain.OutputFile;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.target.RowResult;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Merging results through S3Proxy: more than one multipart part, read back byte for byte. */
class S3ResultStorageIT {
    @Test
    void aMergeLargerThanOnePartIsOneObjectWithEveryLine() throws Exception {
        S3ResultStorage storage = new S3ResultStorage(LocalClients.s3(), LocalClients.BUCKET);
        ResultFiles files = new ResultFiles(storage);
        String job = "batchv2_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        String padding = "x".repeat(900);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        List<ChunkState> chunks = new ArrayList<>();
        long row = 0;
        for (int c = 0; c < 4; c++) {
            int parts = 0;
            for (int p = 0; p < 3; p++) {
                List<RowResult> rows = new ArrayList<>();
                for (int i = 0; i < 1000; i++, row++) {
                    RowResult result = RowResult.error(row, "r" + row, 200, "t", "c", padding);
                    rows.add(result);
                    expected.update((result.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8));
                }
                files.writePart(
                        "acct_it",
                        new ChunkState(job, c, new ChunkRange(0, 1, 0, 3000, 1), new BitSet(), parts, 0, 0, 0),
                        rows);
                parts++;
            }
            chunks.add(new ChunkState(job, c, new ChunkRange(0, 1, 0, 3000, 1), new BitSet(), parts, 0, 0, parts));
        }

        OutputFile output = files.merge("acct_it", job, chunks);

        // Larger than one 8 MiB part: the merge went through a multipart upload.
        assertThat(output.size()).isGreaterThan(8L * 1024 * 1024);
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        long lines = 0;
        try (InputStream in =
                LocalClients.s3().getObject(b -> b.bucket(LocalClients.BUCKET).key(output.key()))) {
            byte[] buffer = new byte[65536];
            for (int read; (read = in.read(buffer)) > 0; ) {
                actual.update(buffer, 0, read);
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        assertThat(lines).isEqualTo(12_000);
        assertThat(HexFormat.of().formatHex(actual.digest()))
                .isEqualTo(HexFormat.of().formatHex(expected.digest()));
    }
}
