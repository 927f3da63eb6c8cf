package dev.batchjobs.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.aws.DynamoDbChunkStore;
import dev.batchjobs.aws.DynamoDbFailureStore;
import dev.batchjobs.aws.DynamoDbJobStore;
import dev.batchjobs.aws.S3InputStorage;
import dev.batchjobs.aws.S3ResultStorage;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.Ids;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.chunks.ChunkState;
import dev.batchjobs.domain.chunks.ResultFiles;
import dev.batchjobs.domain.chunks.ResultStorage;
import dev.batchjobs.domain.input.ChunkRange;
import dev.batchjobs.domain.pipeline.ErrorFiles;
import dev.batchjobs.domain.pipeline.FinishJob;
import dev.batchjobs.testing.SampleJobs;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's merge at scale: a job that checkpointed once a second for {@code -Dmerge.seconds} seconds at
 * {@code -Dmerge.rps} rows a second (1,000-row chunks, so {@code 1000 / rps} parts a chunk) is merged by the real
 * {@code FinishJob} on the local cloud, well inside Finish's 900 s timeout, with every committed row once and in
 * order, and no row of a part that was written but never committed. The suite runs 1,000 seconds at 10 rps (1,000 parts)
 * with 40 ms before each part's bytes, and asserts the merge under a third of the 40 s that reading the parts one after
 * the other would wait at the least: a merge that went back to one GET at a time fails here. BENCHMARKS.md runs the
 * full 24 hours (86,400 parts) and 1M rows at 100 rps (10,000 parts).
 */
class MergeScaleIT {
    private static final int SECONDS = Integer.getInteger("merge.seconds", 1_000);
    private static final int RPS = Integer.getInteger("merge.rps", 10);
    /** A pause before each part's bytes, as S3's first-byte latency in a region (S3Proxy on loopback has none). */
    private static final long GET_LATENCY_MS = Long.getLong("merge.getLatencyMs", 40);

    private static final int CHUNK_ROWS = 1_000;
    private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(900);

    private final Clock clock = Clock.systemUTC();
    private final DynamoDbJobStore jobs =
            new DynamoDbJobStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.EVENTS_TABLE, clock);
    private final DynamoDbChunkStore chunks =
            new DynamoDbChunkStore(LocalClients.dynamoDb(), LocalClients.JOBS_TABLE, LocalClients.FAILURES_TABLE);
    private final S3ResultStorage storage = new S3ResultStorage(LocalClients.s3(), LocalClients.BUCKET);

    @Test
    void aJobThatCheckpointedEverySecondForHoursMergesWellInsideOneFinish() throws Exception {
        BatchJob job = SampleJobs.withStatus("acct_merge_" + Ids.random(6), clock.instant(), JobStatus.IN_PROGRESS);
        jobs.create(job);
        int partsPerChunk = CHUNK_ROWS / RPS;
        int chunkCount = Math.max(1, SECONDS / partsPerChunk);
        long t0 = System.nanoTime();
        List<ChunkState> plan = writeParts(job, chunkCount, partsPerChunk);
        chunks.plan(job.id(), plan);
        long t1 = System.nanoTime();

        finish().finish(job.accountId(), job.id(), chunkCount, FinishJob.Ending.CHUNKS_DONE);
        long t2 = System.nanoTime();

        Duration merged = Duration.ofNanos(t2 - t1);
        BatchJob ended = jobs.find(job.accountId(), job.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(JobStatus.COMPLETE);
        long rows = (long) chunkCount * CHUNK_ROWS;
        assertEveryRowOnceInOrder(ended.outcome().outputFile().key(), rows);
        System.out.printf(
                "Merge scale: %,d parts (%,d chunks x %d parts of %d rows, %,d rows) written in %.1f s, merged in"
                        + " %.1f s%n",
                chunkCount * partsPerChunk,
                chunkCount,
                partsPerChunk,
                RPS,
                rows,
                (t1 - t0) / 1e9,
                merged.toMillis() / 1000.0);
        assertThat(merged).isLessThan(FINISH_TIMEOUT.dividedBy(4));
        Duration oneAfterAnother = Duration.ofMillis(GET_LATENCY_MS * chunkCount * partsPerChunk);
        assertThat(merged)
                .as("the parts' first-byte waits overlap: one GET after another waits %s at the least", oneAfterAnother)
                .isLessThan(oneAfterAnother.dividedBy(3));
    }

    private FinishJob finish() {
        return new FinishJob(
                jobs,
                chunks,
                new ResultFiles(GET_LATENCY_MS == 0 ? storage : new SlowFirstByte(storage)),
                new ErrorFiles(
                        new S3InputStorage(LocalClients.presigner(), LocalClients.s3(), LocalClients.BUCKET),
                        new DynamoDbFailureStore(LocalClients.dynamoDb(), LocalClients.FAILURES_TABLE),
                        storage,
                        () -> Thread.sleep(50)),
                clock);
    }

    /**
     * Each chunk's parts, one a second of {@code RPS} rows, named by the checkpoint tokens its item commits; beside
     * them, a part a losing worker wrote under its own token and one past the chunk's count, neither committed.
     */
    private List<ChunkState> writeParts(BatchJob job, int chunkCount, int partsPerChunk) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> written = new ArrayList<>();
            List<ChunkState> plan = new ArrayList<>();
            for (int c = 0; c < chunkCount; c++) {
                int chunk = c;
                List<String> tokens = new ArrayList<>();
                for (int p = 0; p < partsPerChunk; p++) {
                    tokens.add("c" + c + "p" + p);
                }
                written.add(writers.submit(() -> {
                    for (int p = 0; p < partsPerChunk; p++) {
                        long first = (long) chunk * CHUNK_ROWS + (long) p * RPS;
                        put(job, chunk, p, "-" + tokens.get(p), first);
                        if (p % 10 == 0) {
                            put(job, chunk, p, "-lost" + p, -1);
                        }
                    }
                    put(job, chunk, partsPerChunk, "-c" + chunk + "p" + partsPerChunk, -1);
                }));
                BitSet done = new BitSet();
                done.set(0, CHUNK_ROWS);
                long firstRow = (long) c * CHUNK_ROWS;
                plan.add(new ChunkState(
                        job.id(),
                        c,
                        new ChunkRange(
                                firstRow * 100, (firstRow + CHUNK_ROWS) * 100, firstRow, CHUNK_ROWS, firstRow + 1),
                        done,
                        partsPerChunk,
                        CHUNK_ROWS,
                        0,
                        partsPerChunk,
                        tokens));
            }
            for (Future<?> future : written) {
                future.get();
            }
            return plan;
        } finally {
            writers.shutdownNow();
        }
    }

    /** One part of {@code RPS} rows from row {@code first}; a negative first writes rows that must never appear. */
    private void put(BatchJob job, int chunk, int part, String suffix, long first) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < RPS; i++) {
            String id = first < 0 ? "stray" : "row_" + (first + i);
            text.append("{\"id\":\"")
                    .append(id)
                    .append("\",\"response\":{\"status\":200,\"body\":{\"object\":\"customer\"}},\"status\":200}\n");
        }
        storage.writePart(
                ResultFiles.partKey(job.accountId(), job.id(), chunk, part, suffix),
                text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void assertEveryRowOnceInOrder(String key, long rows) throws Exception {
        long expected = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                LocalClients.s3().getObject(b -> b.bucket(LocalClients.BUCKET).key(key)), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String id = line.substring(7, line.indexOf('"', 7));
                assertThat(id).as("line %d", expected).isEqualTo("row_" + expected);
                expected++;
            }
        }
        assertThat(expected).isEqualTo(rows);
    }

    /** Results storage whose part reads wait {@code GET_LATENCY_MS} first, as a GET from S3 does. */
    private record SlowFirstByte(ResultStorage real) implements ResultStorage {
        @Override
        public void writePart(String key, byte[] content) {
            real.writePart(key, content);
        }

        @Override
        public Optional<InputStream> openPart(String key) {
            try {
                Thread.sleep(GET_LATENCY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return real.openPart(key);
        }

        @Override
        public ResultWriter create(String key, String contentType) {
            return real.create(key, contentType);
        }
    }
}
