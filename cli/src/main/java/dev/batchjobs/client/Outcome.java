package dev.batchjobs.client;

/** The process exit codes: what a script that runs {@code batchjobs} branches on. */
final class Outcome {
    /** Done: the job completed and every row succeeded (or the command did what it was asked). */
    static final int SUCCESS = 0;
    /** The CLI could not do what was asked: the API refused it, could not be reached, or a file could not be read. */
    static final int ERROR = 1;
    /** The command line was wrong (picocli's usage error). */
    static final int USAGE = 2;
    /** The job completed, and some of its rows failed (see the error file). */
    static final int SOME_ROWS_FAILED = 3;
    /** The job ended without completing: validation_failed, batch_failed, canceled, timeout or upload_timeout. */
    static final int JOB_FAILED = 4;

    private Outcome() {}

    static int of(JobView job) {
        if (!job.status().equals("complete")) {
            return JOB_FAILED;
        }
        return job.failed() > 0 ? SOME_ROWS_FAILED : SUCCESS;
    }

    /** One line that says how the job ended. */
    static String summary(JobView job) {
        String counts = job.processed() + " rows: " + job.succeeded() + " succeeded, " + job.failed() + " failed";
        return switch (job.status()) {
            case "complete" -> job.id() + " complete, " + counts;
            case "validation_failed" ->
                job.id() + " validation_failed: " + job.error().orElse("the input file is invalid");
            case "batch_failed" -> job.id() + " batch_failed: " + job.error().orElse("internal error");
            case "upload_timeout" -> job.id() + " upload_timeout: no file was uploaded in time";
            default -> job.id() + " " + job.status() + ", " + counts;
        };
    }
}
