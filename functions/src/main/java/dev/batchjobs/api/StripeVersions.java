package dev.batchjobs.api;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Stripe-Version} values this API serves: a preview version, {@code YYYY-MM-DD.preview}, dated on or
 * after {@link #FIRST} (the first preview with v2 batch jobs; the seeds document {@code 2026-03-25.preview} and
 * {@code 2026-04-22.preview}, stripe-java 33.5.0-beta.1 and stripe-node 22.7.0-beta.1 send
 * {@code 2026-08-26.preview}). All of them are answered the same way. Anything else is refused with
 * {@code api_version_invalid}, a missing one with {@code stripe_api_version_not_provided}.
 */
final class StripeVersions {
    static final LocalDate FIRST = LocalDate.of(2026, 3, 25);
    private static final Pattern PREVIEW = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.preview");
    private static final int MAX_SHOWN = 64;

    private StripeVersions() {}

    /** Returns quietly when the header names a served version; otherwise throws the error Stripe's clients read. */
    static void check(String header) {
        if (header == null || header.isBlank()) {
            throw ApiException.versionNotProvided();
        }
        Matcher matcher = PREVIEW.matcher(header.trim());
        if (matcher.matches() && served(matcher.group(1))) {
            return;
        }
        String shown = header.length() > MAX_SHOWN ? header.substring(0, MAX_SHOWN) + "…" : header;
        throw new ApiException(
                400,
                "api_version_invalid",
                "Invalid Stripe API version: '" + shown + "'. The batch jobs API is served on preview versions "
                        + "from " + FIRST + ".preview on, for example 'Stripe-Version: 2026-04-22.preview'.");
    }

    private static boolean served(String date) {
        try {
            return !LocalDate.parse(date).isBefore(FIRST);
        } catch (DateTimeException e) {
            return false;
        }
    }
}
