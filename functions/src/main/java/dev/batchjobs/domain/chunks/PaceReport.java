package dev.batchjobs.domain.chunks;

import dev.batchjobs.domain.target.AdaptiveRate;
import dev.batchjobs.domain.target.SteeredPacer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the rate in force on the job when it changed, and the 429s seen, at most once a second and once more at
 * the end.
 */
final class PaceReport {
    private static final Logger LOG = LoggerFactory.getLogger(PaceReport.class);

    private final ChunkStore chunks;
    private final Clock clock;
    private final Duration every;
    private final String jobId;
    private final SteeredPacer pacer;
    private final AdaptiveRate adaptive;
    private Instant reportedAt = Instant.MIN;
    private int reported = Integer.MIN_VALUE;
    private long throttled;

    PaceReport(
            ChunkStore chunks, Clock clock, Duration every, String jobId, SteeredPacer pacer, AdaptiveRate adaptive) {
        this.chunks = chunks;
        this.clock = clock;
        this.every = every;
        this.jobId = jobId;
        this.pacer = pacer;
        this.adaptive = adaptive;
    }

    void report(boolean last) {
        Instant now = clock.instant();
        int rate = pacer.rate();
        throttled += adaptive.takeThrottled();
        if (rate < 0 || (rate == reported && throttled == 0) || (!last && now.isBefore(reportedAt.plus(every)))) {
            return;
        }
        reportedAt = now;
        try {
            chunks.recordPace(jobId, rate, throttled);
            reported = rate;
            throttled = 0;
        } catch (RuntimeException e) {
            // Informational: the next report carries it.
            LOG.warn("The pace of {} was not recorded: {}", jobId, e.toString());
        }
    }
}
