package dev.batchjobs.domain;

/**
 * What a job left behind: its results file, the failed rows' error file (in the input's format, ready to fix
 * and upload again), and for a failed job the reason people read (for a paused one: why it paused). Each is null until there is one.
 */
public record JobOutcome(OutputFile outputFile, OutputFile errorFile, String failureReason) {
    public static final JobOutcome NONE = new JobOutcome(null, null, null);
}
