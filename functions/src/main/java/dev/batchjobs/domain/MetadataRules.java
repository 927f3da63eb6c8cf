package dev.batchjobs.domain;

import java.util.Map;

/** Stripe's metadata limits, for jobs and event destinations alike. */
public final class MetadataRules {
    private MetadataRules() {}

    public static void check(Map<String, String> metadata) {
        if (metadata.size() > JobLimits.MAX_METADATA_KEYS) {
            throw InvalidParameterException.invalid(
                    "metadata",
                    "at most " + JobLimits.MAX_METADATA_KEYS + " keys are allowed, received " + metadata.size());
        }
        metadata.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > JobLimits.MAX_METADATA_KEY_LENGTH) {
                throw InvalidParameterException.invalid(
                        "metadata",
                        "keys must be 1 to " + JobLimits.MAX_METADATA_KEY_LENGTH + " characters, '" + abbreviate(key)
                                + "' has " + key.length());
            }
            if (key.indexOf('[') >= 0 || key.indexOf(']') >= 0) {
                throw InvalidParameterException.invalid("metadata[" + key + "]", "keys cannot contain '[' or ']'");
            }
            if (value.length() > JobLimits.MAX_METADATA_VALUE_LENGTH) {
                throw InvalidParameterException.invalid(
                        "metadata[" + key + "]",
                        "values must be at most " + JobLimits.MAX_METADATA_VALUE_LENGTH + " characters, received "
                                + value.length());
            }
        });
    }

    private static String abbreviate(String text) {
        return text.length() <= 50 ? text : text.substring(0, 47) + "...";
    }
}
