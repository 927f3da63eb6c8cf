package dev.batchjobs.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How many rows a job ended in its last minute: one sample per checkpoint (when, how many rows it ended). The worker
 * holding the job appends to it and saves it with each checkpoint, as it saves the pacer's history; the API measures
 * {@code rows_per_second} from it and plans the {@code estimated_completion_at}.
 */
public record RateWindow(List<Sample> samples) {
    public static final Duration LENGTH = Duration.ofMinutes(1);
    public static final RateWindow EMPTY = new RateWindow(List.of());

    /** Rows ended by one checkpoint at {@code at}. */
    public record Sample(Instant at, long rows) {
        public Sample {
            Objects.requireNonNull(at, "at");
        }
    }

    public RateWindow {
        samples = List.copyOf(samples);
    }

    /** This window with a checkpoint's rows added at {@code now}, forgetting what is older than a minute. */
    public RateWindow plus(Instant now, long rows) {
        List<Sample> kept = new ArrayList<>();
        Instant since = now.minus(LENGTH);
        samples.stream().filter(s -> s.at().isAfter(since)).forEach(kept::add);
        if (rows > 0) {
            kept.add(new Sample(now, rows));
        }
        return new RateWindow(kept);
    }

    /**
     * Rows per second over the last minute before {@code now}, or over the time since {@code runningSince} when the job
     * has been running for less (so a young job is not measured as slow).
     */
    public double rowsPerSecond(Instant now, Instant runningSince) {
        Instant since = now.minus(LENGTH);
        if (runningSince != null && runningSince.isAfter(since)) {
            since = runningSince;
        }
        Instant from = since;
        long rows = samples.stream()
                .filter(s -> s.at().isAfter(from) && !s.at().isAfter(now))
                .mapToLong(Sample::rows)
                .sum();
        long millis = Duration.between(from, now).toMillis();
        return millis <= 0 ? 0 : rows * 1000.0 / millis;
    }

    /** When {@code remaining} rows will have ended at {@code rowsPerSecond}; empty when unknown or not moving. */
    public static Optional<Instant> completion(Instant now, long remaining, double rowsPerSecond) {
        if (remaining < 0 || rowsPerSecond <= 0) {
            return Optional.empty();
        }
        return Optional.of(now.plusMillis(Math.round(remaining * 1000.0 / rowsPerSecond)));
    }
}
