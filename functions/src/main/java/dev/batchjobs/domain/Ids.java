package dev.batchjobs.domain;

import java.security.SecureRandom;

/** Random identifiers in Stripe's shape: a prefix and base62 characters from a strong source. */
public final class Ids {
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** {@code batchv2_} and 26 characters, like the seeds' {@code batchv2_AbCdEfGhIjKlMnOpQrStUvWxYz}. */
    public static String newJobId() {
        return "batchv2_" + random(26);
    }

    /** {@code evt_} and 24 characters. */
    public static String newEventId() {
        return "evt_" + random(24);
    }

    /** {@code ed_} and 24 characters, an event destination. */
    public static String newDestinationId() {
        return "ed_" + random(24);
    }

    /** A webhook signing secret, {@code whsec_} and 32 characters (190 bits). */
    public static String newSigningSecret() {
        return "whsec_" + random(32);
    }

    public static String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return new String(chars);
    }
}
