package dev.batchjobs.aws;

/**
 * A batch call's unprocessed keys or items mean the table is throttling: before round {@code n} of a batch (counted
 * from 0, the first call) wait 50 ms, 100, 200... (at most 2 s), and give up after 10 rounds.
 */
final class Unprocessed {
    static final int MAX_ROUNDS = 10;

    private Unprocessed() {}

    /** @param what the items and the call, for the messages ("chunk items", "reading chunk items") */
    static void pauseBefore(int round, String what, String doing) {
        if (round == 0) {
            return;
        }
        if (round > MAX_ROUNDS) {
            throw new IllegalStateException("DynamoDB left " + what + " unprocessed " + MAX_ROUNDS + " times in a row");
        }
        try {
            Thread.sleep(Math.min(2_000L, 50L << (round - 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while " + doing, e);
        }
    }
}
